using System.Text.Json.Nodes;

namespace Vigil.Agent.Bundles.Sources;

/// <summary>
/// Kubernetes node facts where the host is a node: the kubelet's configuration and flags, the kubeconfig it uses
/// (its client key redacted), static pod manifests, how many pods it runs, and the node name the environment gives.
/// Skipped on hosts without a kubelet.
/// </summary>
public sealed class KubernetesSource : IBundleSource
{
    private static readonly string[] Markers = ["/var/lib/kubelet", "/etc/kubernetes"];
    private static readonly string[] Files =
    [
        "/var/lib/kubelet/config.yaml", "/var/lib/kubelet/kubeadm-flags.env", "/etc/default/kubelet", "/etc/sysconfig/kubelet",
        "/etc/kubernetes/kubelet.conf", "/etc/kubernetes/manifests/*.yaml", "/etc/systemd/system/kubelet.service.d/*.conf",
        "/usr/lib/systemd/system/kubelet.service.d/*.conf",
    ];
    private static readonly string[] RuntimeSockets = ["/run/containerd/containerd.sock", "/run/crio/crio.sock", "/var/run/docker.sock", "/run/cri-dockerd.sock"];
    private static readonly string[] NodeNameVariables = ["NODE_NAME", "KUBERNETES_NODE_NAME", "MY_NODE_NAME"];

    public string Name => "kubernetes";
    public string Title => "Kubernetes node";

    public Task CollectAsync(BundleContext context, CancellationToken cancellationToken)
    {
        var present = Markers.Where(m => Directory.Exists(context.Paths.InRoot(m))).ToList();
        var inCluster = context.Environment("KUBERNETES_SERVICE_HOST");
        if (present.Count == 0 && inCluster is null)
        {
            context.Skip("kubernetes", "not a Kubernetes node (no /var/lib/kubelet, no /etc/kubernetes, no KUBERNETES_SERVICE_HOST)");
            return Task.CompletedTask;
        }
        foreach (var pattern in Files)
        {
            foreach (var path in HostGlob.Resolve(context.Paths, pattern))
            {
                if (File.Exists(context.Paths.InRoot(path)) && context.ReadHostFile(path, context.Profile.MaxFileBytes, tail: false) is { } content)
                {
                    context.AddText("kubernetes" + path, content.Text, content.Truncated);
                }
            }
        }
        var facts = new JsonObject
        {
            ["node_name"] = NodeNameVariables.Select(context.Environment).FirstOrDefault(v => !string.IsNullOrEmpty(v)) ?? context.Host,
            ["in_cluster_api"] = inCluster,
            ["kubelet_dirs"] = new JsonArray(present.Select(p => (JsonNode)p).ToArray()),
            ["pods"] = Count(context.Paths.InRoot("/var/lib/kubelet/pods")),
            ["plugins"] = new JsonArray(Names(context.Paths.InRoot("/var/lib/kubelet/plugins")).Select(p => (JsonNode)p).ToArray()),
            ["container_runtime_sockets"] = new JsonArray(RuntimeSockets.Where(s => File.Exists(context.Paths.InRoot(s))).Select(s => (JsonNode)s).ToArray()),
        };
        context.AddJson("kubernetes/facts.json", facts);
        return Task.CompletedTask;
    }

    private static int? Count(string directory) => Directory.Exists(directory) ? Names(directory).Count : null;

    private static List<string> Names(string directory)
    {
        try
        {
            return Directory.Exists(directory) ? [.. Directory.EnumerateDirectories(directory).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal)] : [];
        }
        catch (UnauthorizedAccessException)
        {
            return [];
        }
    }
}
