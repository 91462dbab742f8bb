from sectorlint.entry import main

main()
