namespace Vigil.Server.Pki;

/// <summary>Whether a presented client certificate is one this server issued to an agent; <see cref="Problem"/> says why not.</summary>
public readonly record struct ClientCertificateCheck(string? AgentId, string? Problem)
{
    public bool IsValid => AgentId is not null;
}
