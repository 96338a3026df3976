using System.Globalization;
using Vigil.Agent.Collectors.Users;

namespace Vigil.Agent.Collectors.Processes;

/// <summary>
/// Resolves uids to names from /etc/passwd, parsed once and parsed again only when the file's modification
/// time changes; a uid without an account is shown as its number.
/// </summary>
internal sealed class UserNames
{
    private readonly Dictionary<uint, string> _names = [];
    private readonly Dictionary<uint, string> _numbers = [];
    private DateTime _loadedMtime = DateTime.MinValue;

    /// <summary>Checks the file's mtime (one stat call) and reloads when it changed.</summary>
    public void Refresh(CollectionContext context)
    {
        var path = context.Paths.InRoot("/etc/passwd");
        var mtime = File.GetLastWriteTimeUtc(path); // 1601-01-01 when absent
        if (mtime == _loadedMtime)
        {
            return;
        }
        _loadedMtime = mtime;
        _names.Clear();
        if (context.Files.TryRead(path, out var text))
        {
            foreach (var entry in PasswdEntry.ParseAll(text))
            {
                _names.TryAdd(entry.Uid, entry.Name); // the first line for a uid wins, as getpwuid(3) does
            }
        }
    }

    public string NameOf(uint uid)
    {
        if (_names.TryGetValue(uid, out var name))
        {
            return name;
        }
        if (!_numbers.TryGetValue(uid, out var number))
        {
            number = uid.ToString(CultureInfo.InvariantCulture);
            _numbers[uid] = number;
        }
        return number;
    }
}
