namespace Vigil.Protocol.Actions;

/// <summary>Why an agent refused an action, as stable codes the server stores and tests check.</summary>
public static class RefusalCodes
{
    public const string Unsigned = "unsigned";
    public const string BadSignature = "bad_signature";
    public const string NoPinnedKey = "no_pinned_key";
    public const string Malformed = "malformed";
    public const string WrongTarget = "wrong_target";
    public const string Expired = "expired";
    public const string NotYetValid = "not_yet_valid";
    public const string LifetimeTooLong = "lifetime_too_long";
    public const string Replayed = "replayed";
    public const string UnknownAction = "unknown_action";
    public const string NotAllowed = "not_allowed";
    public const string BadParameters = "bad_parameters";
    public const string PathDenied = "path_denied";
    public const string Busy = "busy";
}
