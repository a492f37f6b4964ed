from judgeaudit.cli import main

main()
