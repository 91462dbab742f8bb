;;; emacs.el --- the editor tests' driver for Emacs  -*- lexical-binding: t -*-
;; Plays one scenario in Emacs --batch with a snippet loaded before it, writing what the user
;; would see (Flymake's diagnostics, or the server Eglot picks) as JSON lines to
;; $SECTORLINT_OUT.
;; Scenarios ($SECTORLINT_SCENARIO): as in neovim.lua beside this file.  Batch Emacs has no
;; command loop, so the driver does what it would: run `post-command-hook' after opening a file
;; (where `eglot-ensure' connects) and send the change the idle timer would send.

(require 'cl-lib)
(require 'json)
(package-activate-all) ; Debian's elpa-* packages, as a normal start-up activates them
(require 'eglot)

(defconst sectorlint-driver-root default-directory "The project folder Emacs started in.")

(defun sectorlint-driver-has (buffer code)
  (with-current-buffer buffer
    (cl-some (lambda (d) (string-match-p (format "\\[%s\\]" code) (flymake-diagnostic-text d)))
             (flymake-diagnostics))))

(defun sectorlint-driver-wait (predicate seconds)
  (let ((deadline (+ (float-time) seconds)))
    (while (and (not (funcall predicate)) (< (float-time) deadline))
      (accept-process-output nil 0.05))))

(defun sectorlint-driver-diagnostics (buffer)
  (with-current-buffer buffer
    (mapcar (lambda (d)
              `((text . ,(flymake-diagnostic-text d))
                (type . ,(format "%s" (flymake-diagnostic-type d)))
                (line . ,(line-number-at-pos (flymake-diagnostic-beg d)))
                (column . ,(save-excursion
                             (goto-char (flymake-diagnostic-beg d))
                             (1+ (current-column))))))
            (flymake-diagnostics))))

(defun sectorlint-driver-record (step seen)
  (with-temp-buffer
    (insert (json-encode `((step . ,step) (seen . ,(vconcat seen)))) "\n")
    (append-to-file (point-min) (point-max) (getenv "SECTORLINT_OUT"))))

(defun sectorlint-driver-open (file)
  (let ((buffer (find-file (expand-file-name file sectorlint-driver-root))))
    (run-hooks 'post-command-hook)
    (sectorlint-driver-wait (lambda () (buffer-local-value 'eglot--managed-mode buffer)) 8)
    buffer))

(defun sectorlint-driver-replace (buffer old new)
  (with-current-buffer buffer
    (goto-char (point-min))
    (re-search-forward (concat "^" (regexp-quote old) "$"))
    (replace-match new t t)
    (eglot--signal-textDocument/didChange)))

(defun sectorlint-driver-planted ()
  (let ((center (sectorlint-driver-open "content/call-center.yaml")))
    (sectorlint-driver-wait (lambda () (sectorlint-driver-has center "R001")) 8)
    (sectorlint-driver-record "opened" (sectorlint-driver-diagnostics center))
    (sectorlint-driver-replace center "    - sector: nosuch" "    - sector: bpo")
    (sectorlint-driver-wait (lambda () (not (sectorlint-driver-has center "R001"))) 8)
    (sectorlint-driver-record "fixed" (sectorlint-driver-diagnostics center))))

(defun sectorlint-driver-cross-file ()
  (let* ((center (sectorlint-driver-open "content/call-center.yaml"))
         (bpo (sectorlint-driver-open "content/bpo.yaml")))
    (sectorlint-driver-wait (lambda () nil) 0.5) ; the server has bpo.yaml open before it changes
    (sectorlint-driver-replace bpo "id: bpo" "id: bpo-renamed")
    (sectorlint-driver-wait (lambda () (sectorlint-driver-has center "R001")) 8)
    (sectorlint-driver-record "renamed" (sectorlint-driver-diagnostics center))
    (sectorlint-driver-replace bpo "id: bpo-renamed" "id: bpo")
    (sectorlint-driver-wait (lambda () (not (sectorlint-driver-has center "R001"))) 8)
    (sectorlint-driver-record "restored" (sectorlint-driver-diagnostics center))))

(defun sectorlint-driver-outside ()
  "Which server Eglot would start for the file (Eglot runs one per buffer), and whether one
started by itself."
  (let* ((buffer (find-file (expand-file-name "content/call-center.yaml" sectorlint-driver-root)))
         (contact (with-current-buffer buffer (sectorlint-eglot-contact))))
    (run-hooks 'post-command-hook)
    (sectorlint-driver-wait (lambda () nil) 1)
    (sectorlint-driver-record
     "outside"
     (list `((server . ,(car contact))
             (started . ,(if (buffer-local-value 'eglot--managed-mode buffer) t :json-false)))))))

(condition-case err
    (pcase (getenv "SECTORLINT_SCENARIO")
      ("planted" (sectorlint-driver-planted))
      ("cross-file" (sectorlint-driver-cross-file))
      ("outside" (sectorlint-driver-outside)))
  (error (message "driver: %S" err)))
(let ((server (ignore-errors (eglot-current-server))))
  (when server (ignore-errors (eglot-shutdown server))))
(kill-emacs 0)
