using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;

namespace Vigil.Tests;

/// <summary>An agent identity made by hand over the real enrollment endpoint, for sending payloads no real agent would.</summary>
public sealed class ManualAgent : IDisposable
{
    private ManualAgent(string agentId, X509Certificate2 certificate)
    {
        AgentId = agentId;
        Certificate = certificate;
    }

    public string AgentId { get; }
    public X509Certificate2 Certificate { get; }

    public static async Task<ManualAgent> EnrollAsync(ServerUnderTest server, string hostname = "manual-host")
    {
        var token = server.CliJson("token", "create")["token"]!.GetValue<string>();
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var csr = new CertificateRequest($"CN={hostname}", key, HashAlgorithmName.SHA256).CreateSigningRequestPem();
        using var http = server.Http();
        using var response = await http.PostAsJsonAsync(new Uri("/v1/agent/enroll", UriKind.Relative), new JsonObject { ["token"] = token, ["csr"] = csr, ["hostname"] = hostname });
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.True(response.IsSuccessStatusCode, body.ToJsonString());
        using var certificate = X509Certificate2.CreateFromPem(body["certificate"]!.GetValue<string>());
        using var withKey = certificate.CopyWithPrivateKey(key);
        return new ManualAgent(body["agent_id"]!.GetValue<string>(), X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null));
    }

    public void Dispose() => Certificate.Dispose();
}
