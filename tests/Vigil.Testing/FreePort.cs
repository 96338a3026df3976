using System.Net;
using System.Net.Sockets;

namespace Vigil.Testing;

public static class FreePort
{
    /// <summary>A loopback TCP port nothing listens on right now (bind to 0, read it, release it).</summary>
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
