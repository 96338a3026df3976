using Vigil.Agent.Pipeline;

namespace Vigil.Agent.Collectors.Network;

/// <summary>What the network collector keeps per interface between runs: its name, attribute sets and sysfs paths.</summary>
internal sealed class NetworkInterface
{
    public NetworkInterface(string name, string sysDirectory)
    {
        Name = name;
        SysDirectory = sysDirectory;
        OperStatePath = Path.Combine(sysDirectory, "operstate");
        FlagsPath = Path.Combine(sysDirectory, "flags");
        CarrierChangesPath = Path.Combine(sysDirectory, "carrier_changes");
        Interface = Tags.Of("network.interface.name", name);
        Receive = Tags.Of("network.interface.name", name, "network.io.direction", "receive");
        Transmit = Tags.Of("network.interface.name", name, "network.io.direction", "transmit");
    }

    public string Name { get; }
    public string SysDirectory { get; }
    public string OperStatePath { get; }
    public string FlagsPath { get; }
    public string CarrierChangesPath { get; }
    public Dictionary<string, string> Interface { get; }
    public Dictionary<string, string> Receive { get; }
    public Dictionary<string, string> Transmit { get; }
    /// <summary>The run that last saw this interface; interfaces not seen in a run are forgotten.</summary>
    public int SeenInRun { get; set; }
}
