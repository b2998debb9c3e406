//! The platform-neutral reply model: text blocks with locale keys and arguments, buttons
//! with roles and opaque tokens, a visibility, and a credentials prompt. Frontends render
//! it: they split long replies between blocks, lay buttons out within their platform's
//! limits ([`layout`]), and ask for credentials their own way ([`CredentialsPrompt`]).

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

/// What a button does, so that each platform can style and place it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    /// Executes the pending operation.
    Confirm,
    /// Abandons it.
    Cancel,
    /// Flips one item of a selection; the label shows its state.
    Toggle,
    /// Flips a standing setting; the label names the setting and its state (long, so a row
    /// of its own).
    Setting,
    /// Moves on: to a confirm screen or the next step.
    Navigate,
    /// One of several alternatives offered side by side (snooze lengths, "swap instead").
    Choice,
    /// Opens a web address (the token): a page of the exchange, a link to a private chat.
    /// Nothing is sent back to the bot.
    Link,
}

/// A button: its label, its role and the opaque token a press sends back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Button {
    /// What it says.
    pub label: Text,
    /// What it does.
    pub role: Role,
    /// What a press sends back (≤ 64 bytes, no user data); for a [`Role::Link`], the
    /// address it opens.
    pub token: String,
}

impl Button {
    /// A button of `role` labelled `label` that sends `token`.
    pub fn new(role: Role, label: Text, token: String) -> Self {
        Self { label, role, token }
    }

    /// A button labelled `label` that opens `url`.
    pub fn link(label: Text, url: &url::Url) -> Self {
        Self::new(Role::Link, label, url.as_str().to_owned())
    }

    /// The address a [`Role::Link`] opens: an `https`, `http` or `tg` URL, or nothing.
    pub fn url(&self) -> Option<url::Url> {
        if self.role != Role::Link {
            return None;
        }
        url::Url::parse(&self.token)
            .ok()
            .filter(|u| matches!(u.scheme(), "https" | "http" | "tg"))
    }
}

/// Who may see a reply.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Visibility {
    /// Only the caller (balances, history, settings, confirm screens, key prompts). The
    /// default: a reply nobody marked hides rather than shows account data to a channel.
    #[default]
    Private,
    /// Anyone in the conversation.
    Chat,
}

/// A platform's limits on a message's buttons.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// At most this many rows.
    pub max_rows: usize,
    /// At most this many buttons in a row.
    pub per_row: usize,
}

/// The buttons do not fit the platform's limits even packed densely: the frontend must
/// offer them another way (Discord: a select menu).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("{count} buttons do not fit {max_rows} rows of {per_row}")]
pub struct TooManyButtons {
    /// How many buttons there were.
    pub count: usize,
    /// The platform's row limit.
    pub max_rows: usize,
    /// The platform's per-row limit.
    pub per_row: usize,
}

/// Lays buttons out in rows within `limits`, keeping their order. Consecutive buttons of
/// one role share rows (settings one per row), a new role starts a new row, and Confirm and
/// Cancel share the last row. When that takes too many rows, the buttons are packed densely
/// in order; when even that does not fit, nothing is laid out (never paged: a page would
/// need state behind the buttons, and a platform that hits this offers a menu instead).
pub fn layout(buttons: &[Button], limits: Limits) -> Result<Vec<Vec<&Button>>, TooManyButtons> {
    arrange(&buttons.iter().collect::<Vec<_>>(), limits)
}

fn arrange<'a>(
    buttons: &[&'a Button],
    limits: Limits,
) -> Result<Vec<Vec<&'a Button>>, TooManyButtons> {
    let per_row = limits.per_row.max(1);
    let too_many = TooManyButtons {
        count: buttons.len(),
        max_rows: limits.max_rows,
        per_row: limits.per_row,
    };
    if limits.per_row == 0 && !buttons.is_empty() {
        return Err(too_many);
    }
    let decisive = |b: &&&Button| matches!(b.role, Role::Confirm | Role::Cancel);
    let mut rows: Vec<Vec<&Button>> = Vec::new();
    let mut last_role = None;
    for &b in buttons.iter().filter(|b| !decisive(b)) {
        let width = if b.role == Role::Setting { 1 } else { per_row };
        match rows.last_mut() {
            Some(row) if last_role == Some(b.role) && row.len() < width => row.push(b),
            _ => rows.push(vec![b]),
        }
        last_role = Some(b.role);
    }
    let last: Vec<&Button> = buttons.iter().filter(decisive).copied().collect();
    rows.extend(last.chunks(per_row).map(<[&Button]>::to_vec));
    if rows.len() <= limits.max_rows {
        return Ok(rows);
    }
    let dense: Vec<Vec<&Button>> = buttons.chunks(per_row).map(<[&Button]>::to_vec).collect();
    if dense.len() <= limits.max_rows {
        Ok(dense)
    } else {
        Err(too_many)
    }
}

/// Buttons laid out for a platform with menus: a menu (its own row) and rows of buttons.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MenuLayout<'a> {
    /// The [`Role::Toggle`] buttons offered as the options of one menu (Discord: a select
    /// menu); choosing an option presses that button (its label shows the item's state,
    /// its token is sent back). Empty when every button fits as a button.
    pub menu: Vec<&'a Button>,
    /// The other buttons, in rows.
    pub rows: Vec<Vec<&'a Button>>,
}

/// Lays buttons out as [`layout`] does; when they do not fit, a selection's toggles become
/// the options of one menu (at most `menu_options` of them), which takes a row, and the
/// other buttons are laid out in the rows left.
pub fn layout_with_menu(
    buttons: &[Button],
    limits: Limits,
    menu_options: usize,
) -> Result<MenuLayout<'_>, TooManyButtons> {
    let too_many = match layout(buttons, limits) {
        Ok(rows) => {
            return Ok(MenuLayout {
                menu: Vec::new(),
                rows,
            });
        }
        Err(e) => e,
    };
    let (menu, rest): (Vec<&Button>, Vec<&Button>) =
        buttons.iter().partition(|b| b.role == Role::Toggle);
    if menu.is_empty() || menu.len() > menu_options || limits.max_rows == 0 {
        return Err(too_many);
    }
    let rest_limits = Limits {
        max_rows: limits.max_rows - 1,
        per_row: limits.per_row,
    };
    let rows = arrange(&rest, rest_limits).map_err(|_| too_many)?;
    Ok(MenuLayout { menu, rows })
}

/// One part of an exchange's credentials.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CredentialField {
    /// The API key.
    Key,
    /// The API secret.
    Secret,
    /// The passphrase chosen when the key was made (OKX, Bitget, KuCoin).
    Passphrase,
}

impl CredentialField {
    /// A stable name: a form field's id, the guided form's state.
    pub fn name(self) -> &'static str {
        match self {
            Self::Key => "key",
            Self::Secret => "secret",
            Self::Passphrase => "passphrase",
        }
    }

    /// Its short label, for a form's field (Discord: at most 45 characters).
    pub fn label(self) -> Text {
        match self {
            Self::Key => Text::new("credentials-field-key"),
            Self::Secret => Text::new("credentials-field-secret"),
            Self::Passphrase => Text::new("credentials-field-passphrase"),
        }
    }

    /// The sentence that asks for it in a guided text form, one message per field.
    pub fn ask(self) -> Text {
        match self {
            Self::Key => Text::new("connect-ask-key"),
            Self::Secret => Text::new("connect-ask-secret"),
            Self::Passphrase => Text::new("connect-ask-passphrase"),
        }
    }
}

/// The service asks the caller for credentials. A frontend with forms shows one form of
/// every field (Discord: a modal) and hands the answers to the service all at once
/// (`Service::submit_credentials`). A frontend without forms asks for the first field
/// ([`CredentialsPrompt::text_step`]) and deletes the answer, which the service takes as
/// plain text: it keeps the guided form's state and answers with the prompt for the rest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CredentialsPrompt {
    /// The form's title (Discord: at most 45 characters).
    pub title: Text,
    /// The fields still to ask for, in order; never empty.
    pub fields: Vec<CredentialField>,
    /// The exchange the key is for, by its stored name; `None` for the default one (whose
    /// form names no exchange, as before several).
    pub exchange: Option<String>,
}

impl CredentialsPrompt {
    /// Asks for `fields` (none: the key and the secret).
    pub fn new(fields: Vec<CredentialField>) -> Self {
        let fields = if fields.is_empty() {
            vec![CredentialField::Key, CredentialField::Secret]
        } else {
            fields
        };
        Self {
            title: Text::new("credentials-form-title"),
            fields,
            exchange: None,
        }
    }

    /// The same prompt for `exchange`'s key, its title and first question naming it.
    pub fn on(mut self, exchange: crate::domain::ExchangeId) -> Self {
        self.title = Text::new("credentials-form-title-on").arg("exchange", exchange.name());
        self.exchange = Some(exchange.as_str().to_owned());
        self
    }

    /// The message a guided text form sends: the question for the first field.
    pub fn text_step(&self) -> Message {
        let field = self.fields.first().copied().unwrap_or(CredentialField::Key);
        Message::text(match (&self.exchange, field) {
            (Some(exchange), CredentialField::Key) => Text::new("connect-ask-key-on").arg(
                "exchange",
                crate::domain::ExchangeId::parse(exchange).map_or(exchange.as_str(), |e| e.name()),
            ),
            _ => field.ask(),
        })
    }
}

/// One chat message.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Message {
    /// Paragraphs, in order. Frontends may split a message between blocks, never inside one.
    pub blocks: Vec<Text>,
    /// Buttons in order; each frontend lays them out ([`layout`]).
    pub buttons: Vec<Button>,
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
    /// Who may see it.
    pub visibility: Visibility,
    /// Ask for credentials, after the messages.
    pub credentials: Option<CredentialsPrompt>,
    /// Files to send, after the messages (a document or picture in Telegram, an attachment
    /// in Discord, a file path in the console).
    pub attachments: Vec<Attachment>,
}

/// A file a reply carries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attachment {
    /// Its name, as the user sees it.
    pub filename: String,
    /// Its media type (`text/csv`, `image/png`).
    pub content_type: &'static str,
    /// Its content.
    pub bytes: bytes::Bytes,
    /// A sentence sent with it.
    pub caption: Option<Text>,
}

impl Attachment {
    /// Whether it is a picture (Telegram sends it as a photo).
    pub fn is_image(&self) -> bool {
        self.content_type.starts_with("image/")
    }
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

    /// A reply that asks for credentials (always private).
    pub fn credentials(prompt: CredentialsPrompt) -> Self {
        Self {
            credentials: Some(prompt),
            ..Self::default()
        }
    }

    /// The messages as a frontend without forms sends them: a credentials prompt becomes
    /// its guided form's question, after the other messages.
    pub fn text_messages(&self) -> impl Iterator<Item = std::borrow::Cow<'_, Message>> {
        self.messages.iter().map(std::borrow::Cow::Borrowed).chain(
            self.credentials
                .as_ref()
                .map(|p| std::borrow::Cow::Owned(p.text_step())),
        )
    }

    /// Marks this reply as replacing the pressed message.
    pub fn replacing(mut self) -> Self {
        self.replaces_pressed = true;
        self
    }

    /// Marks this reply as visible to anyone in the conversation.
    pub fn for_chat(mut self) -> Self {
        self.visibility = Visibility::Chat;
        self
    }

    /// Adds a toast for the press.
    pub fn with_notice(mut self, notice: Text) -> Self {
        self.notice = Some(notice);
        self
    }
}

#[cfg(test)]
mod tests;
