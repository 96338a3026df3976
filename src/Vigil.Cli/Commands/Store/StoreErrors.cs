using Vigil.Blobs;
using Vigil.Blobs.Storage;
using Vigil.Cli.Client;

namespace Vigil.Cli.Commands.Store;

/// <summary>Turns the store's failures into one-line CLI errors (no stack trace): what failed and where.</summary>
public static class StoreErrors
{
    public static async Task<T> Guard<T>(Func<Task<T>> work)
    {
        try
        {
            return await work().ConfigureAwait(false);
        }
        catch (StoreFullException e)
        {
            throw new CliException(e.Message + "; the store is unchanged apart from whole packs the next add reuses");
        }
        catch (CorruptObjectException e)
        {
            throw new CliException(e.Message + "; run `vigil store verify` for every damaged object");
        }
        catch (Exception e) when (e is IOException or ArgumentException or InvalidDataException or InvalidOperationException or TimeoutException or UnauthorizedAccessException)
        {
            throw new CliException(e.Message);
        }
    }
}
