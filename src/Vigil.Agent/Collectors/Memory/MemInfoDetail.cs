using System.Globalization;
using Vigil.Agent.Host;
using Vigil.Agent.Pipeline;

namespace Vigil.Agent.Collectors.Memory;

/// <summary>
/// The /proc/meminfo fields beyond the usage states: LRU lists, dirty and writeback pages, kernel memory,
/// commitment, huge pages. Fields are found by name; one this kernel does not print is simply not reported.
/// </summary>
public static class MemInfoDetail
{
    public const string Lru = "system.linux.memory.lru.usage";
    private const string LruList = "linux.memory.lru.list";
    public const string HugePagesTotal = "system.linux.memory.huge_pages.total";
    public const string HugePagesFree = "system.linux.memory.huge_pages.free";
    public const string HugePagesReserved = "system.linux.memory.huge_pages.reserved";
    public const string HugePagesSurplus = "system.linux.memory.huge_pages.surplus";

    internal static readonly MemInfoField[] Fields =
    [
        new("Active(anon)", Lru, Tags.Of(LruList, "active_anon")),
        new("Inactive(anon)", Lru, Tags.Of(LruList, "inactive_anon")),
        new("Active(file)", Lru, Tags.Of(LruList, "active_file")),
        new("Inactive(file)", Lru, Tags.Of(LruList, "inactive_file")),
        new("Unevictable", Lru, Tags.Of(LruList, "unevictable")),
        new("SwapCached", "system.linux.memory.swap_cached"),
        new("Mlocked", "system.linux.memory.mlocked"),
        new("Dirty", "system.linux.memory.dirty"),
        new("Writeback", "system.linux.memory.writeback"),
        new("AnonPages", "system.linux.memory.anonymous"),
        new("Mapped", "system.linux.memory.mapped"),
        new("Shmem", "system.linux.memory.shmem"),
        new("KReclaimable", "system.linux.memory.kernel_reclaimable"),
        new("KernelStack", "system.linux.memory.kernel_stack"),
        new("PageTables", "system.linux.memory.page_tables"),
        new("Percpu", "system.linux.memory.percpu"),
        new("VmallocUsed", "system.linux.memory.vmalloc_used"),
        new("CommitLimit", "system.linux.memory.commit_limit"),
        new("Committed_AS", "system.linux.memory.committed"),
        new("HardwareCorrupted", "system.linux.memory.hardware_corrupted"),
        new("Balloon", "system.linux.memory.balloon"),
        new("Zswap", "system.linux.memory.zswap"),
        new("Zswapped", "system.linux.memory.zswapped"),
        new("AnonHugePages", "system.linux.memory.anonymous_huge_pages"),
        new("ShmemHugePages", "system.linux.memory.shmem_huge_pages"),
        new("FileHugePages", "system.linux.memory.file_huge_pages"),
        new("HugePages_Total", HugePagesTotal, Pages: true),
        new("HugePages_Free", HugePagesFree, Pages: true),
        new("HugePages_Rsvd", HugePagesReserved, Pages: true),
        new("HugePages_Surp", HugePagesSurplus, Pages: true),
        new("Hugepagesize", "system.linux.memory.huge_page_size"),
        new("Hugetlb", "system.linux.memory.hugetlb"),
    ];

    private static readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> Index = BuildIndex();

    /// <summary>What each metric means; the schema lists every metric once, so the LRU states share one entry.</summary>
    internal static MetricDescriptor[] Descriptors() =>
    [
        MetricDescriptor.Gauge(Lru, "By", "Memory on each of the kernel's page-reclaim (LRU) lists: active/inactive anonymous and file-backed pages, and unevictable (mlocked, ramfs). Reclaim takes from the inactive lists first. Linux-specific, hence system.linux.*.", LruList),
        Bytes("system.linux.memory.swap_cached", "Pages in swap that are also in memory (SwapCached): swapped back in but not changed since."),
        Bytes("system.linux.memory.mlocked", "Memory locked with mlock(2) that cannot be reclaimed (Mlocked)."),
        Bytes("system.linux.memory.dirty", "Memory changed in the page cache and waiting to be written back to disk (Dirty)."),
        Bytes("system.linux.memory.writeback", "Memory being written back to disk right now (Writeback)."),
        Bytes("system.linux.memory.anonymous", "Anonymous memory mapped into processes' page tables (AnonPages): heaps, stacks; not backed by a file."),
        Bytes("system.linux.memory.mapped", "Files mapped into processes' memory, shared libraries included (Mapped)."),
        Bytes("system.linux.memory.shmem", "Shared memory and tmpfs contents (Shmem); counted as cache but can only be swapped, not dropped."),
        Bytes("system.linux.memory.kernel_reclaimable", "Kernel memory the kernel can reclaim under pressure: reclaimable slab and similar caches (KReclaimable)."),
        Bytes("system.linux.memory.kernel_stack", "Memory used by kernel stacks, one per thread (KernelStack)."),
        Bytes("system.linux.memory.page_tables", "Memory used by page tables (PageTables); grows with mapped memory times processes."),
        Bytes("system.linux.memory.percpu", "Memory used by the kernel's per-CPU allocator (Percpu)."),
        Bytes("system.linux.memory.vmalloc_used", "Kernel virtual memory allocated with vmalloc (VmallocUsed)."),
        Bytes("system.linux.memory.commit_limit", "The most memory that can be committed under strict overcommit (CommitLimit: swap plus RAM times vm.overcommit_ratio)."),
        Bytes("system.linux.memory.committed", "Memory processes have allocated, used or not (Committed_AS): what the host would need to honour every allocation."),
        Bytes("system.linux.memory.hardware_corrupted", "Memory the kernel took out of use after hardware errors (HardwareCorrupted); anything above 0 means failing RAM."),
        Bytes("system.linux.memory.balloon", "Memory a hypervisor's balloon driver has taken back from this guest (Balloon)."),
        Bytes("system.linux.memory.zswap", "Memory used by the zswap compressed swap cache (Zswap)."),
        Bytes("system.linux.memory.zswapped", "Uncompressed size of the pages stored in zswap (Zswapped)."),
        Bytes("system.linux.memory.anonymous_huge_pages", "Anonymous memory in transparent huge pages (AnonHugePages)."),
        Bytes("system.linux.memory.shmem_huge_pages", "Shared memory and tmpfs in transparent huge pages (ShmemHugePages)."),
        Bytes("system.linux.memory.file_huge_pages", "Page cache in transparent huge pages (FileHugePages)."),
        MetricDescriptor.Gauge(HugePagesTotal, "{page}", "Pages in the default-size HugeTLB pool (HugePages_Total). Linux-specific."),
        MetricDescriptor.Gauge(HugePagesFree, "{page}", "HugeTLB pool pages not yet allocated (HugePages_Free). Linux-specific."),
        MetricDescriptor.Gauge(HugePagesReserved, "{page}", "HugeTLB pages promised to mappings but not yet faulted in (HugePages_Rsvd); part of the free pages. Linux-specific."),
        MetricDescriptor.Gauge(HugePagesSurplus, "{page}", "HugeTLB pages allocated beyond the pool's size, up to vm.nr_overcommit_hugepages (HugePages_Surp). Linux-specific."),
        Bytes("system.linux.memory.huge_page_size", "Size of a default HugeTLB page (Hugepagesize)."),
        Bytes("system.linux.memory.hugetlb", "Memory taken by HugeTLB pages of all sizes (Hugetlb)."),
    ];

    /// <summary>Fills <paramref name="values"/> (in bytes, or pages for HugePages_*) indexed like <see cref="Fields"/>.</summary>
    public static void Read(ReadOnlySpan<char> text, Span<ulong> values, Span<bool> found)
    {
        values.Clear();
        found.Clear();
        Span<Range> f = stackalloc Range[3];
        foreach (var line in text.EnumerateLines())
        {
            var colon = line.IndexOf(':');
            if (colon <= 0 || !Index.TryGetValue(line[..colon], out var i) || SpanParsing.SplitFields(line[(colon + 1)..], f) < 1)
            {
                continue;
            }
            var rest = line[(colon + 1)..];
            if (!ulong.TryParse(rest[f[0]], NumberStyles.None, CultureInfo.InvariantCulture, out var value))
            {
                continue;
            }
            values[i] = Fields[i].Pages ? value : value * 1024; // kB in meminfo is KiB
            found[i] = true;
        }
    }

    private static MetricDescriptor Bytes(string name, string description) =>
        MetricDescriptor.Gauge(name, "By", description + " Linux-specific, hence system.linux.*.");

    private static Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> BuildIndex()
    {
        var index = new Dictionary<string, int>(Fields.Length, StringComparer.Ordinal);
        for (var i = 0; i < Fields.Length; i++)
        {
            index[Fields[i].Key] = i;
        }
        return index.GetAlternateLookup<ReadOnlySpan<char>>();
    }
}
