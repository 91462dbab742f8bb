from sectorlint.cli import main

main()
