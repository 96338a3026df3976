namespace Vigil.Agent.Configuration;

/// <summary>The one rule for a server URL, shared by <c>server.url</c> and <c>vigil-agent enroll --server</c>.</summary>
public static class ServerUrl
{
    /// <summary>An absolute <c>https://</c> URL with a host and no query or fragment; a path is kept as the API's base.</summary>
    public static bool TryParse(string text, out Uri url, out string problem)
    {
        url = null!;
        if (!Uri.TryCreate(text.Trim(), UriKind.Absolute, out var parsed) || parsed.Host.Length == 0)
        {
            problem = $"'{text}' is not an absolute URL such as https://vigil.example.com:8443";
            return false;
        }
        if (parsed.Scheme != Uri.UriSchemeHttps)
        {
            problem = $"'{text}' is not an https:// URL; the agent talks to the server over TLS only";
            return false;
        }
        if (parsed.Query.Length > 0 || parsed.Fragment.Length > 0 || parsed.UserInfo.Length > 0)
        {
            problem = $"'{text}' has a query, fragment or user name; give the server's base URL only";
            return false;
        }
        url = new Uri(parsed.GetLeftPart(UriPartial.Path).TrimEnd('/') + "/");
        problem = "";
        return true;
    }

    /// <summary>An API path (<c>/v1/agent/batches</c>) under the base URL, keeping any base path.</summary>
    public static Uri Resolve(Uri baseUrl, string apiPath) => new(baseUrl, apiPath.TrimStart('/'));
}
