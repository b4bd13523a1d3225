from smp_tui.cli import main

raise SystemExit(main())
