using System.Net.Sockets;
using System.Text;

namespace Vigil.AgentHost;

/// <summary>
/// The sd_notify protocol for <c>Type=notify</c> units: datagrams such as <c>READY=1</c> to the socket in
/// <c>$NOTIFY_SOCKET</c>, and <c>WATCHDOG=1</c> pings when the unit sets <c>WatchdogSec</c>. A no-op outside
/// systemd. Written here because it is a few lines and the alternative pulls in the generic host.
/// </summary>
public sealed class SystemdNotifier : IDisposable
{
    private readonly Socket? _socket;
    private readonly UnixDomainSocketEndPoint? _endpoint;

    public SystemdNotifier(string? notifySocket = null)
    {
        var path = notifySocket ?? Environment.GetEnvironmentVariable("NOTIFY_SOCKET");
        if (string.IsNullOrEmpty(path))
        {
            return;
        }
        // A leading '@' names a socket in the abstract namespace, which .NET spells with a leading NUL.
        _endpoint = new UnixDomainSocketEndPoint(path[0] == '@' ? "\0" + path[1..] : path);
        _socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        var usec = Environment.GetEnvironmentVariable("WATCHDOG_USEC");
        if (long.TryParse(usec, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var us) && us > 0)
        {
            WatchdogInterval = TimeSpan.FromMicroseconds(us / 2.0);
        }
    }

    public bool Enabled => _socket is not null;

    /// <summary>Half of WatchdogSec when systemd asked for pings, as sd_watchdog_enabled advises.</summary>
    public TimeSpan? WatchdogInterval { get; }

    public void Ready(string status) => Send($"READY=1\nSTATUS={status}");

    public void Status(string status) => Send($"STATUS={status}");

    public void Stopping() => Send("STOPPING=1");

    public void WatchdogPing() => Send("WATCHDOG=1");

    private void Send(string message)
    {
        if (_socket is null || _endpoint is null)
        {
            return;
        }
        try
        {
            _socket.SendTo(Encoding.UTF8.GetBytes(message), _endpoint);
        }
        catch (SocketException)
        {
            // systemd went away or the socket is gone: notification is best effort by design.
        }
    }

    public void Dispose() => _socket?.Dispose();
}
