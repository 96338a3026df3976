using System.Security.Cryptography;

namespace Vigil.Protocol.Actions;

/// <summary>
/// The signature scheme of actions, in one place for signer and verifier: ECDSA P-256 over SHA-256 of the payload
/// bytes, IEEE P1363 encoding. Ed25519 would do as well but is not in .NET's base library; P-256 is, on every platform
/// and under NativeAOT.
/// </summary>
public static class ActionSignature
{
    public static byte[] Sign(ECDsa key, ReadOnlySpan<byte> payload) =>
        key.SignData(payload, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);

    public static bool Verify(ECDsa publicKey, ReadOnlySpan<byte> payload, ReadOnlySpan<byte> signature) =>
        signature.Length == 64 && publicKey.VerifyData(payload, signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);

    /// <summary>"sha256:" + the first 16 bytes of SHA-256 of the key's SubjectPublicKeyInfo, hex.</summary>
    public static string KeyIdOf(ECDsa key) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(key.ExportSubjectPublicKeyInfo())[..16]);

    /// <summary>Reads a PEM public key and insists on P-256.</summary>
    /// <exception cref="CryptographicException">Not a P-256 public key.</exception>
    public static ECDsa ImportPublicKey(string pem)
    {
        var key = ECDsa.Create();
        try
        {
            key.ImportFromPem(pem);
            if (key.KeySize != 256)
            {
                throw new CryptographicException($"the action signing key is {key.KeySize} bits; P-256 expected");
            }
            return key;
        }
        catch
        {
            key.Dispose();
            throw;
        }
    }
}
