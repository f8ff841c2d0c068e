"""The teacher's path: assignment files, rosters, and the notebooks written for a class."""
