using System.Text;
using System.Text.Json;

namespace Vigil.Agent.Channel;

/// <summary>
/// The agent's identity on disk, in <c>STATE_DIR/identity/</c>: <c>agent.key</c> (PKCS#8 PEM, 0600), <c>agent.crt</c>,
/// <c>ca.pem</c> and <c>enrollment.json</c>. The four files change together (a renewal replaces all of them), so a
/// save is a small redo log: every new file is written and fsync'd under a <c>.tmp</c> name, then a <c>commit</c>
/// marker is written, then the files are renamed into place and the marker removed. A crash before the marker leaves
/// the old identity (the temporaries are discarded on the next load); after it, the next load finishes the renames.
/// Either way key and certificate never come from different saves.
/// </summary>
public sealed class IdentityStore
{
    public const string KeyFile = "agent.key";
    public const string CertificateFile = "agent.crt";
    public const string CaFile = "ca.pem";
    public const string EnrollmentFile = "enrollment.json";
    private const string CommitMarker = "commit";
    private static readonly string[] Files = [KeyFile, CertificateFile, CaFile, EnrollmentFile];

    public IdentityStore(string directory)
    {
        Directory = directory;
    }

    public string Directory { get; }

    /// <summary>The store in <paramref name="stateDirectory"/>, the same state directory the daemon uses.</summary>
    public static IdentityStore InStateDirectory(string stateDirectory) => new(Path.Combine(stateDirectory, "identity"));

    public string PathOf(string file) => Path.Combine(Directory, file);

    /// <summary>Whether an enrollment is on disk (after finishing an interrupted save).</summary>
    public bool Exists
    {
        get
        {
            Recover();
            return File.Exists(PathOf(EnrollmentFile));
        }
    }

    /// <summary>When the identity last changed on disk; a shipper stopped by a revocation resumes when this moves (re-enrollment).</summary>
    public DateTime LastWriteUtc => File.Exists(PathOf(EnrollmentFile)) ? File.GetLastWriteTimeUtc(PathOf(EnrollmentFile)) : DateTime.MinValue;

    /// <summary>Loads the identity, or returns null when the agent has not enrolled.</summary>
    /// <exception cref="InvalidDataException">The files are there but do not make an identity; the message names the file.</exception>
    public ClientIdentity? Load()
    {
        Recover();
        var enrollmentPath = PathOf(EnrollmentFile);
        if (!File.Exists(enrollmentPath))
        {
            return null;
        }
        Enrollment enrollment;
        try
        {
            enrollment = JsonSerializer.Deserialize(File.ReadAllBytes(enrollmentPath), ChannelJsonContext.Default.Enrollment)
                ?? throw new InvalidDataException($"{enrollmentPath}: empty");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{enrollmentPath}: not a valid enrollment record: {e.Message}", e);
        }
        foreach (var file in new[] { KeyFile, CertificateFile, CaFile })
        {
            if (!File.Exists(PathOf(file)))
            {
                throw new InvalidDataException($"{PathOf(file)} is missing; enroll again with vigil-agent enroll --force");
            }
        }
        try
        {
            return ClientIdentity.FromPem(enrollment, File.ReadAllText(PathOf(CertificateFile)), File.ReadAllText(PathOf(KeyFile)), File.ReadAllText(PathOf(CaFile)));
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"{Directory}: {e.Message}", e);
        }
    }

    /// <summary>
    /// Creates the directory (0700) and proves a file can be written in it, so <c>enroll</c> finds a permission problem
    /// before it spends the one-time token.
    /// </summary>
    public void EnsureWritable()
    {
        System.IO.Directory.CreateDirectory(Directory, AtomicFile.OwnerOnly | UnixFileMode.UserExecute);
        var probe = PathOf(".write-probe");
        AtomicFile.WriteTemporary(probe, [], AtomicFile.OwnerOnly);
        File.Delete(probe + ".tmp");
    }

    /// <summary>Replaces the identity on disk with <paramref name="identity"/> as one unit (see the class remarks).</summary>
    public void Save(ClientIdentity identity)
    {
        System.IO.Directory.CreateDirectory(Directory, AtomicFile.OwnerOnly | UnixFileMode.UserExecute);
        Recover();
        AtomicFile.WriteTemporary(PathOf(KeyFile), Encoding.ASCII.GetBytes(identity.KeyPem), AtomicFile.OwnerOnly);
        AtomicFile.WriteTemporary(PathOf(CertificateFile), Encoding.ASCII.GetBytes(identity.CertificatePem), AtomicFile.Readable);
        AtomicFile.WriteTemporary(PathOf(CaFile), Encoding.ASCII.GetBytes(identity.CaBundlePem), AtomicFile.Readable);
        AtomicFile.WriteTemporary(PathOf(EnrollmentFile), JsonSerializer.SerializeToUtf8Bytes(identity.Enrollment, ChannelJsonContext.Default.Enrollment), AtomicFile.OwnerOnly);
        Spool.DirectorySync.Flush(Directory);
        AtomicFile.Write(PathOf(CommitMarker), [], AtomicFile.OwnerOnly);
        Recover();
    }

    /// <summary>Finishes a save whose commit marker is on disk, or discards one that never got that far.</summary>
    private void Recover()
    {
        if (!System.IO.Directory.Exists(Directory))
        {
            return;
        }
        var committed = File.Exists(PathOf(CommitMarker));
        foreach (var file in Files)
        {
            var temp = PathOf(file) + ".tmp";
            if (!File.Exists(temp))
            {
                continue;
            }
            if (committed)
            {
                File.Move(temp, PathOf(file), overwrite: true);
            }
            else
            {
                File.Delete(temp);
            }
        }
        File.Delete(PathOf(CommitMarker) + ".tmp");
        if (committed)
        {
            Spool.DirectorySync.Flush(Directory); // the renames are durable before the marker goes
            File.Delete(PathOf(CommitMarker));
            Spool.DirectorySync.Flush(Directory);
        }
    }
}
