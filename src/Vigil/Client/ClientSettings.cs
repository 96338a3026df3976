namespace Vigil.Cli.Client;

/// <summary>
/// Where the CLI finds the server: --addr/--token/--cacert, else VIGIL_ADDR/VIGIL_TOKEN/VIGIL_CACERT, else the
/// `vigil dev` data folder (its address, admin token and CA), so the CLI works in a second terminal with no setup.
/// </summary>
public sealed record ClientSettings(Uri Address, string? Token, string? CaCertificatePath)
{
    public static ClientSettings Resolve(string? address, string? token, string? caCertificate)
    {
        var dev = DevDataFolder.Default;
        address ??= Environment.GetEnvironmentVariable("VIGIL_ADDR") ?? dev.ReadAddress();
        token ??= Environment.GetEnvironmentVariable("VIGIL_TOKEN") ?? dev.ReadAdminToken();
        caCertificate ??= Environment.GetEnvironmentVariable("VIGIL_CACERT") ?? (File.Exists(dev.CaBundlePath) ? dev.CaBundlePath : null);
        if (string.IsNullOrWhiteSpace(address))
        {
            throw new CliException("no server address: pass --addr https://HOST:PORT or set VIGIL_ADDR (vigil dev prints it)");
        }
        if (!Uri.TryCreate(address.Contains("://", StringComparison.Ordinal) ? address : "https://" + address, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps)
        {
            throw new CliException($"--addr: '{address}' is not an https:// address");
        }
        if (caCertificate is not null && !File.Exists(caCertificate))
        {
            throw new CliException($"--cacert: {caCertificate} does not exist");
        }
        return new ClientSettings(uri, token, caCertificate);
    }
}
