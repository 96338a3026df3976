using System.Security.Cryptography;

namespace Vigil.Server.Agents;

public static class AgentIds
{
    /// <summary>"agt_" + 20 hex characters (80 random bits): unguessable, short enough to read aloud.</summary>
    public static string New() => "agt_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(10));
}
