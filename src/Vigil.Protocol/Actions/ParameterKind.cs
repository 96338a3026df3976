namespace Vigil.Protocol.Actions;

/// <summary>What a parameter's text must look like; parameters travel as strings and are checked against their kind on both ends.</summary>
public enum ParameterKind
{
    /// <summary>Free text of at most <see cref="ActionParameter.MaxLength"/> characters, no control characters.</summary>
    String,
    /// <summary>A decimal integer within <see cref="ActionParameter.Min"/>..<see cref="ActionParameter.Max"/>.</summary>
    Integer,
    /// <summary><c>true</c> or <c>false</c>.</summary>
    Boolean,
    /// <summary>An absolute path with no <c>..</c> segment and no NUL; the agent resolves symlinks and checks it against its allowlist.</summary>
    Path,
    /// <summary>A name (systemd unit, allowlisted command): letters, digits and <c>@._:-</c>.</summary>
    Name,
    /// <summary>Multi-line text (a file's new content) of at most <see cref="ActionParameter.MaxLength"/> characters.</summary>
    Text,
}
