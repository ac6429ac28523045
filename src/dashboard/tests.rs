//! Unit tests of the dashboard on small books.
