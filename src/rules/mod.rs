//! The rules language (`rules.dun`): parser, model and checks.
