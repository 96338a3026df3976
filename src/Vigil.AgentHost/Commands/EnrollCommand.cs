using System.CommandLine;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Vigil.Agent.Channel;
using Vigil.Agent.Configuration;
using Vigil.Agent.Host;

namespace Vigil.AgentHost.Commands;

/// <summary>
/// <c>vigil-agent enroll</c>: joins a Vigil server with a one-time token. The key pair is made here and stays here;
/// the server is trusted only through the given CA pin or CA file, never the system's roots.
/// </summary>
public static class EnrollCommand
{
    public const string TokenVariable = "VIGIL_ENROLL_TOKEN";

    public static Command Build()
    {
        var server = new Option<string>("--server") { Description = "The server's URL, e.g. https://vigil.example.com:8443", Required = true };
        var token = new Option<string?>("--token") { Description = $"The one-time enrollment token from the server (or set {TokenVariable}, which keeps it out of the process list)" };
        var pin = new Option<string?>("--ca-pin") { Description = "The server's CA as sha256:HEX (SHA-256 of the CA certificate's DER)" };
        var caFile = new Option<string?>("--ca-file") { Description = "A PEM file with the server's CA certificate(s)" };
        var state = new Option<string?>("--state") { Description = "State directory (default: state_dir from the configuration, /var/lib/vigil)" };
        var force = new Option<bool>("--force") { Description = "Replace an existing enrollment" };
        var config = CommonOptions.Config();
        var format = CommonOptions.Format();
        var command = new Command("enroll", "Enroll this agent with a Vigil server: make a key, get it certified, pin the server's CA")
        {
            server, token, pin, caFile, config, state, force, format,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            AgentOptions options;
            try
            {
                options = ConfigLoading.Load(parse.GetValue(config));
            }
            catch (ConfigException e)
            {
                return Fail(2, e.Message);
            }
            if (!ServerUrl.TryParse(parse.GetValue(server)!, out var url, out var urlProblem))
            {
                return Fail(2, $"--server: {urlProblem}");
            }
            var tokenValue = parse.GetValue(token) ?? Environment.GetEnvironmentVariable(TokenVariable);
            if (string.IsNullOrWhiteSpace(tokenValue))
            {
                return Fail(2, $"give the enrollment token with --token or in {TokenVariable}");
            }
            if (Trust(parse.GetValue(pin), parse.GetValue(caFile), out var problem) is not { } trust)
            {
                return Fail(2, problem);
            }
            EnvironmentProxy? proxy;
            try
            {
                proxy = EnvironmentProxy.From(Environment.GetEnvironmentVariable);
            }
            catch (FormatException e)
            {
                return Fail(2, e.Message);
            }
            var stateDirectory = parse.GetValue(state) ?? options.StateDirectory;
            var store = IdentityStore.InStateDirectory(stateDirectory);
            try
            {
                if (!parse.GetValue(force) && store.Exists)
                {
                    using var existing = store.Load();
                    return Fail(1, $"already enrolled as agent {existing?.Enrollment.AgentId} with {existing?.Enrollment.ServerUrl} ({store.Directory}); use --force to enroll again");
                }
            }
            catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException)
            {
                if (!parse.GetValue(force))
                {
                    return Fail(1, $"{store.Directory} holds an unusable identity ({e.Message}); use --force to replace it");
                }
            }
            try
            {
                Agent.AgentIdentity.EnsureStateDirectory(stateDirectory);
                store.EnsureWritable();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return Fail(1, $"cannot write the identity in {store.Directory}: {e.Message} (run enroll as the user the agent runs as, usually root)");
            }

            var host = new HostPaths(options.HostRoot);
            var request = new EnrollmentRequest
            {
                Server = url,
                Token = tokenValue.Trim(),
                Trust = trust,
                Hostname = ReadFirstLine(host.InProc("sys/kernel/hostname")) ?? Environment.MachineName,
                MachineId = ReadFirstLine(host.InRoot("/etc/machine-id")),
                Proxy = proxy,
                Timeout = options.Server.Timeout,
            };
            ClientIdentity identity;
            try
            {
                identity = await EnrollmentClient.EnrollAsync(request, TimeProvider.System, cancellationToken).ConfigureAwait(false);
            }
            catch (EnrollmentException e)
            {
                return Fail(1, e.Message);
            }
            using (identity)
            {
                try
                {
                    store.Save(identity);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    return Fail(1, $"enrolled, but the identity could not be saved in {store.Directory}: {e.Message}");
                }
                Print(identity, store, parse.GetValue(format));
            }
            return 0;
        });
        return command;
    }

    private static ServerTrust? Trust(string? pin, string? caFile, out string problem)
    {
        problem = "";
        if ((pin is null) == (caFile is null))
        {
            problem = "give exactly one of --ca-pin sha256:HEX or --ca-file PEM: the agent does not trust a server it cannot verify";
            return null;
        }
        if (pin is not null)
        {
            if (CaPin.TryParse(pin, out var parsed, out var pinProblem))
            {
                return ServerTrust.Pinned(parsed);
            }
            problem = $"--ca-pin: {pinProblem}";
            return null;
        }
        var roots = new X509Certificate2Collection();
        try
        {
            roots.ImportFromPemFile(caFile!);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException)
        {
            problem = $"--ca-file {caFile}: {e.Message}";
            return null;
        }
        if (roots.Count == 0)
        {
            problem = $"--ca-file {caFile}: no PEM certificate in it";
            return null;
        }
        return ServerTrust.Roots(roots);
    }

    private static void Print(ClientIdentity identity, IdentityStore store, OutputFormat format)
    {
        var e = identity.Enrollment;
        var result = new EnrollResult(e.AgentId, e.ServerUrl.ToString(), store.Directory, identity.Certificate.SerialNumber,
            new DateTimeOffset(identity.Certificate.NotAfter.ToUniversalTime()), e.RenewAfter, e.TrustVersion);
        if (format == OutputFormat.Json)
        {
            Console.Out.WriteLine(JsonSerializer.Serialize(result, HostJsonContext.Default.EnrollResult));
            return;
        }
        Console.Out.WriteLine($"enrolled as agent {result.AgentId} with {result.Server}");
        Console.Out.WriteLine($"identity in {result.IdentityDirectory}: certificate {result.Serial}, valid until {result.NotAfter:u}, renewed after {result.RenewAfter:u}");
        Console.Out.WriteLine("ship to it with output.kind: server in agent.yaml, then (re)start vigil-agent");
    }

    private static string? ReadFirstLine(string path)
    {
        try
        {
            var line = File.ReadLines(path).FirstOrDefault()?.Trim();
            return string.IsNullOrEmpty(line) ? null : line;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static int Fail(int code, string message)
    {
        Console.Error.WriteLine($"error: {message}");
        return code;
    }
}

public sealed record EnrollResult(string AgentId, string Server, string IdentityDirectory, string Serial, DateTimeOffset NotAfter, DateTimeOffset RenewAfter, int TrustVersion);
