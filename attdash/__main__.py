from attdash.cli import main

raise SystemExit(main())
