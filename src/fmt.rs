//! `dun fmt`: the canonical layout of journal and rules files.
