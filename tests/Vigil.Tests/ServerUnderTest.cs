using System.Net.Http.Headers;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Vigil.Testing;

namespace Vigil.Tests;

/// <summary>
/// A real `vigil dev --no-agent` server process on a free loopback port with its own data folder, plus helpers to call
/// its API and CLI as an operator would. Restartable on the same data and port (for kill -9 tests).
/// </summary>
public sealed partial class ServerUnderTest : IDisposable
{
    private readonly string _data;
    private TestProcess _process;

    private ServerUnderTest(string data, int port)
    {
        _data = data;
        Port = port;
        _process = StartProcess();
    }

    public int Port { get; }
    public string Address => $"https://127.0.0.1:{Port}";
    public string Token { get; private set; } = "";
    public string CaBundlePath => Path.Combine(_data, "pki", "ca.pem");
    public string DatabasePath => Path.Combine(_data, "vigil.db");
    public string DataDirectory => _data;
    public TestProcess Process => _process;

    public static ServerUnderTest Start(string dataDirectory) => new(dataDirectory, FreePort.Next());

    private TestProcess StartProcess()
    {
        var process = TestProcess.Start("vigil.dll", null, "dev", "--no-agent", "--data", _data, "--listen", $"127.0.0.1:{Port}");
        process.WaitForOutput("export VIGIL_TOKEN=", TimeSpan.FromSeconds(60));
        Token = TokenLine().Match(process.Output).Groups[1].Value;
        return process;
    }

    [GeneratedRegex(@"export VIGIL_TOKEN=(\S+)")]
    private static partial Regex TokenLine();

    /// <summary>SIGKILL: no shutdown hooks, no flush; whatever was acknowledged must already be on disk.</summary>
    public void KillHard() => _process.KillHard();

    public void Restart()
    {
        if (!_process.HasExited)
        {
            _process.Signal(TestProcess.SIGTERM);
            _process.WaitForExit(TimeSpan.FromSeconds(30));
        }
        _process.Dispose();
        _process = StartProcess();
    }

    public IReadOnlyDictionary<string, string> CliEnvironment(string? token = null) => new Dictionary<string, string>
    {
        ["VIGIL_ADDR"] = Address,
        ["VIGIL_TOKEN"] = token ?? Token,
        ["VIGIL_CACERT"] = CaBundlePath,
        ["VIGIL_DEV_DATA"] = Path.Combine(_data, "not-the-dev-folder"),
    };

    /// <summary>Runs `vigil ARGS` against this server as the admin (or with <paramref name="token"/>).</summary>
    public (int ExitCode, string Output) Cli(string? token, params string[] args) => TestProcess.Run("vigil.dll", CliEnvironment(token), args);

    public JsonNode CliJson(params string[] args)
    {
        var (code, output) = Cli(null, [.. args, "--format", "json"]);
        Assert.True(code == 0, $"vigil {string.Join(' ', args)} exited {code}: {output}");
        return JsonNode.Parse(output)!;
    }

    /// <summary>An HTTP client trusting only this server's CA, optionally presenting a client certificate and a bearer token.</summary>
    public HttpClient Http(X509Certificate2? clientCertificate = null, string? token = null)
    {
        var roots = new X509Certificate2Collection();
        roots.ImportFromPemFile(CaBundlePath);
        var handler = new SocketsHttpHandler();
        handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, _) =>
        {
            using var chain = new X509Chain();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            chain.ChainPolicy.CustomTrustStore.AddRange(roots);
            return certificate is not null && chain.Build(new X509Certificate2(certificate));
        };
        if (clientCertificate is not null)
        {
            handler.SslOptions.ClientCertificates = [clientCertificate];
        }
        var client = new HttpClient(handler) { BaseAddress = new Uri(Address), Timeout = TimeSpan.FromSeconds(30) };
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        return client;
    }

    public void Dispose() => _process.Dispose();
}
