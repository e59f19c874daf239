/// Keepsake's version, the one place it is written: `keepsake --version` prints it.
///
/// Semantic versioning: still 0.x, so a minor version may change the files' format or the commands.
/// Raise it (and tag the commit `vX.Y.Z`) when a release is cut.
public enum KeepsakeVersion {
    /// Such as `0.1.0`.
    public static let current = "0.1.0"
}
