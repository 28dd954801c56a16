"""Warning the people fraud reached: who they are (``discovery``), what to tell them and how
(``texts``, ``plan``), and the files and messages that carry it."""
