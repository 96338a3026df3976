using System.Runtime.InteropServices;

namespace Vigil.Cli.Dev;

/// <summary>kill(2): .NET has no managed way to send SIGTERM to another process (Process.Kill sends SIGKILL).</summary>
internal static partial class Signals
{
    public const int SIGTERM = 15;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);

    public static bool Terminate(int pid) => Kill(pid, SIGTERM) == 0;
}
