from xenpatch.cli import main

main()
