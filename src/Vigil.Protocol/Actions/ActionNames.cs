namespace Vigil.Protocol.Actions;

/// <summary>Every action's name, as constants.</summary>
public static class ActionNames
{
    public const string Snapshot = "snapshot";
    public const string TailLog = "tail-log";
    public const string Processes = "processes";
    public const string Process = "process";
    public const string Sockets = "sockets";
    public const string DiskUsage = "disk-usage";
    public const string Dns = "dns";
    public const string Connect = "connect";
    public const string FetchFile = "fetch-file";
    public const string RestartUnit = "restart-unit";
    public const string PatchFile = "patch-file";
    public const string RunCommand = "run-command";
    public const string RunPolicy = "run-policy";
    public const string SetConfigKey = "set-config-key";
    public const string CollectBundle = "collect-bundle";
}
