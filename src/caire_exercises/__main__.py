from caire_exercises.cli import main

raise SystemExit(main())
