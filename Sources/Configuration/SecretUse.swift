/// What a command does with the secrets the configuration names: the SMTP password and the DKIM keys.
///
/// Only the commands that send read them all: an operator can run `keepsake validate`, `preview`
/// or `status` where the service's secrets are out of reach (no `CREDENTIALS_DIRECTORY` outside the
/// unit, a key file readable by the service's user only).
public enum SecretUse: Sendable, Hashable {
    /// The command sends (`keepsake run`, `keepsake send-test`): every secret is read at load, and
    /// one that cannot be read is a configuration error.
    case sending
    /// The command sends nothing: the SMTP password is not read (``SMTPConfiguration/credentials``
    /// stays nil), and a DKIM key that cannot be read here leaves ``KeepsakeConfiguration/dkim`` nil,
    /// with the reason in ``KeepsakeConfiguration/unreadableDKIMKey``; a key that is read but wrong
    /// is still an error.
    case notSending
}
