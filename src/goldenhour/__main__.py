"""``python -m goldenhour`` runs the same command as ``goldenhour``."""

from goldenhour.cli import main

main()
