;;; sectorlint in Emacs through Eglot: the content set's YAML files checked as you type.
;; Eglot is built in from Emacs 29 (before: M-x package-install eglot, or Debian's elpa-eglot).
;; YAML buffers need yaml-mode (NonGNU ELPA; Debian's elpa-yaml-mode) or Emacs 29's yaml-ts-mode.

(defun sectorlint-eglot-contact (&optional _interactive)
  "The server for a YAML buffer: sectorlint's in a sectorlint project
\(a `.sectorlint.toml' above), else Eglot's usual one (one server per buffer)."
  (if (locate-dominating-file default-directory ".sectorlint.toml")
      ;; debounce: ms after the last keystroke before checking (default 100; 0: none).
      '("sectorlint" "server" :initializationOptions (:debounce 300))
    '("yaml-language-server" "--stdio")))

(defun sectorlint-eglot-ensure ()
  "Start Eglot in the YAML buffers of a sectorlint project only."
  (when (locate-dominating-file default-directory ".sectorlint.toml")
    (eglot-ensure)))

(with-eval-after-load 'eglot
  (add-to-list 'eglot-server-programs
               '((yaml-mode yaml-ts-mode) . sectorlint-eglot-contact)))
(add-hook 'yaml-mode-hook #'sectorlint-eglot-ensure)
(add-hook 'yaml-ts-mode-hook #'sectorlint-eglot-ensure)
