namespace Vigil.Server.Storage.Sqlite;

internal sealed class IngestRequest(IngestBatch batch) : WriteRequest
{
    private readonly TaskCompletionSource<IngestResult> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public IngestBatch Batch { get; } = batch;

    public Task<IngestResult> Task => _completion.Task;

    public override bool IsCompleted => _completion.Task.IsCompleted;

    public void Complete(IngestResult result) => _completion.TrySetResult(result);

    public void Cancel(CancellationToken cancellationToken) => _completion.TrySetCanceled(cancellationToken);

    public override void Fail(Exception exception) => _completion.TrySetException(exception);
}
