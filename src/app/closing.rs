//! The close policy of a window (or a browser tab) whose page may hold unsaved text: ask the
//! page first, wait while it asks the user, close when it agrees or has stopped answering.

use std::time::{Duration, Instant};

/// How long the page has to answer a close request before it is taken for dead (its unsaved
/// text in memory is still written at exit, see [`super::App::flush_unsaved`]).
pub const PAGE_ANSWER: Duration = Duration::from_secs(3);

/// The close handshake with the page.
#[derive(Debug, Default)]
pub struct Closing {
    asked_at: Option<Instant>,
    answered: bool,
    allowed: bool,
}

/// What to do with a close request.
#[derive(Debug, PartialEq, Eq)]
pub enum CloseAction {
    /// Close (the page agreed, or it is dead).
    Close,
    /// Ask the page to save first.
    AskPage,
    /// The page is already asking the user.
    Wait,
}

impl Closing {
    /// What a close request at `now` does.
    pub fn decide(&mut self, now: Instant) -> CloseAction {
        if self.allowed {
            return CloseAction::Close;
        }
        match (self.asked_at, self.answered) {
            // Asked, never answered, long enough: the page is dead; close.
            (Some(at), false) if now.duration_since(at) >= PAGE_ANSWER => CloseAction::Close,
            // Asked and not yet answered: ask again, keeping the first time.
            (Some(_), false) => CloseAction::AskPage,
            // The page is asking the user.
            (Some(_), true) => CloseAction::Wait,
            (None, _) => {
                self.asked_at = Some(now);
                CloseAction::AskPage
            }
        }
    }

    /// The page has seen the request and is saving or asking the user.
    pub fn answered(&mut self) {
        self.answered = true;
    }

    /// The user chose to stay: a later close asks again.
    pub fn cancelled(&mut self) {
        *self = Closing::default();
    }

    /// The page agreed: every later request closes.
    pub fn allow(&mut self) {
        self.allowed = true;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_close_asks_the_page_first_and_closes_when_the_page_is_dead() {
        let t0 = Instant::now();
        let mut c = Closing::default();
        assert_eq!(c.decide(t0), CloseAction::AskPage);
        // Clicking again quickly asks again without restarting the wait.
        assert_eq!(c.decide(t0 + Duration::from_secs(1)), CloseAction::AskPage);
        // No answer for 3 s: the page is dead, the window closes.
        assert_eq!(c.decide(t0 + PAGE_ANSWER), CloseAction::Close);

        // A live page answers and asks the user: further requests wait.
        let mut c = Closing::default();
        c.decide(t0);
        c.answered();
        assert_eq!(c.decide(t0 + Duration::from_secs(30)), CloseAction::Wait);
        // The user stays: the next close asks again.
        c.cancelled();
        assert_eq!(c.decide(t0 + Duration::from_secs(31)), CloseAction::AskPage);
        // The page agreed (quit): close.
        c.allow();
        assert_eq!(c.decide(t0 + Duration::from_secs(32)), CloseAction::Close);
    }
}
