//! The platform-neutral reply model: text blocks with locale keys and arguments, buttons
//! with opaque tokens. Frontends render it (and split long replies between blocks).

/// An argument of a localized text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Arg {
    /// A string: a frontend escapes it for its markup.
    Str(String),
    /// An integer (Fluent may choose plural forms on it).
    Int(i64),
    /// Another localized text, rendered first.
    Text(Box<Text>),
}

/// A localized sentence: a key in `locales/*.ftl` and its arguments.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Text {
    /// The Fluent message id.
    pub key: &'static str,
    /// Named arguments.
    pub args: Vec<(&'static str, Arg)>,
}

impl Text {
    /// A text without arguments.
    pub fn new(key: &'static str) -> Self {
        Self {
            key,
            args: Vec::new(),
        }
    }

    /// Adds a string argument.
    pub fn arg(mut self, name: &'static str, value: impl ToString) -> Self {
        self.args.push((name, Arg::Str(value.to_string())));
        self
    }

    /// Adds an integer argument.
    pub fn int(mut self, name: &'static str, value: i64) -> Self {
        self.args.push((name, Arg::Int(value)));
        self
    }

    /// Adds a nested localized text.
    pub fn text(mut self, name: &'static str, value: Text) -> Self {
        self.args.push((name, Arg::Text(Box::new(value))));
        self
    }
}

/// A button: its label and the opaque token a press sends back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Button {
    /// What it says.
    pub label: Text,
    /// What a press sends back (≤ 64 bytes, no user data).
    pub token: String,
}

/// One chat message.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Message {
    /// Paragraphs, in order. Frontends may split a message between blocks, never inside one.
    pub blocks: Vec<Text>,
    /// Rows of buttons.
    pub buttons: Vec<Vec<Button>>,
}

impl Message {
    /// A message of one block.
    pub fn text(text: Text) -> Self {
        Self {
            blocks: vec![text],
            buttons: Vec::new(),
        }
    }
}

/// What the service answers to one command or press.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Reply {
    /// The messages to send, in order.
    pub messages: Vec<Message>,
    /// For a button press: the first message replaces the one the button was on.
    pub replaces_pressed: bool,
    /// A short notice for the press itself (a toast), if any.
    pub notice: Option<Text>,
    /// The incoming message carried a secret: the frontend should delete it.
    pub delete_incoming: bool,
    /// The language to render in when it just changed (otherwise the user's stored one).
    pub language: Option<String>,
}

impl Reply {
    /// A reply of one single-block message.
    pub fn text(text: Text) -> Self {
        Self {
            messages: vec![Message::text(text)],
            ..Self::default()
        }
    }

    /// A reply of one message.
    pub fn message(message: Message) -> Self {
        Self {
            messages: vec![message],
            ..Self::default()
        }
    }

    /// Marks this reply as replacing the pressed message.
    pub fn replacing(mut self) -> Self {
        self.replaces_pressed = true;
        self
    }

    /// Adds a toast for the press.
    pub fn with_notice(mut self, notice: Text) -> Self {
        self.notice = Some(notice);
        self
    }
}
