namespace Vigil.Server.Storage.Sqlite;

internal sealed class WorkRequestOf<T>(Func<SqliteWriteContext, T> work) : WorkRequest
{
    private readonly TaskCompletionSource<T> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private T? _result;

    public Task<T> Task => _completion.Task;

    public override bool IsCompleted => _completion.Task.IsCompleted;

    public override void Execute(SqliteWriteContext context) => _result = work(context);

    public override void Complete() => _completion.TrySetResult(_result!);

    public void Cancel(CancellationToken cancellationToken) => _completion.TrySetCanceled(cancellationToken);

    public override void Fail(Exception exception) => _completion.TrySetException(exception);
}
