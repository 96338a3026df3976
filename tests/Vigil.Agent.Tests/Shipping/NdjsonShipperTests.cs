using Vigil.Agent.Shipping;
using Vigil.Agent.Spool;

namespace Vigil.Agent.Tests.Shipping;

public sealed class NdjsonShipperTests : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"vigil-ndjson-{Guid.NewGuid():N}.ndjson");

    [Fact]
    public async Task A_line_torn_by_a_crash_is_cut_off_before_the_next_batch_is_appended()
    {
        File.WriteAllText(_path, "{\"seq\":1}\n{\"seq\":2}\n{\"seq\":3,\"rec");
        using (var shipper = NdjsonShipper.ToFile(_path))
        {
            Assert.Equal(3, await shipper.ShipAsync([new SpooledBatch(3, "{\"seq\":3}"u8.ToArray())], CancellationToken.None));
        }
        Assert.Equal(["{\"seq\":1}", "{\"seq\":2}", "{\"seq\":3}"], File.ReadAllLines(_path));
    }

    [Fact]
    public async Task A_complete_file_is_appended_to_unchanged()
    {
        File.WriteAllText(_path, "{\"seq\":1}\n");
        using (var shipper = NdjsonShipper.ToFile(_path))
        {
            await shipper.ShipAsync([new SpooledBatch(2, "{\"seq\":2}"u8.ToArray())], CancellationToken.None);
        }
        Assert.Equal(["{\"seq\":1}", "{\"seq\":2}"], File.ReadAllLines(_path));
    }

    public void Dispose() => File.Delete(_path);
}
