namespace Vigil.Server.Storage;

public sealed record EventPage(IReadOnlyList<VigilEvent> Events, long? NextCursor);
