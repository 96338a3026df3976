namespace Vigil.Cli.Client;

/// <summary>The data folder of <c>vigil dev</c>: the server's data plus the files that let the CLI find it.</summary>
public sealed record DevDataFolder(string Path)
{
    /// <summary>$VIGIL_DEV_DATA, else $XDG_DATA_HOME/vigil/dev, else ~/.local/share/vigil/dev.</summary>
    public static DevDataFolder Default
    {
        get
        {
            var explicitPath = Environment.GetEnvironmentVariable("VIGIL_DEV_DATA");
            if (!string.IsNullOrEmpty(explicitPath))
            {
                return new DevDataFolder(explicitPath);
            }
            var xdg = Environment.GetEnvironmentVariable("XDG_DATA_HOME");
            var root = string.IsNullOrEmpty(xdg)
                ? System.IO.Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "share")
                : xdg;
            return new DevDataFolder(System.IO.Path.Combine(root, "vigil", "dev"));
        }
    }

    public string CaBundlePath => System.IO.Path.Combine(Path, "pki", "ca.pem");
    public string AdminTokenPath => System.IO.Path.Combine(Path, "dev-admin.token");
    public string AddressPath => System.IO.Path.Combine(Path, "dev-address");
    public string AgentDirectory => System.IO.Path.Combine(Path, "agent");

    public string? ReadAdminToken() => ReadTrimmed(AdminTokenPath);
    public string? ReadAddress() => ReadTrimmed(AddressPath);

    private static string? ReadTrimmed(string path)
    {
        try
        {
            return File.Exists(path) ? File.ReadAllText(path).Trim() : null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }
}
