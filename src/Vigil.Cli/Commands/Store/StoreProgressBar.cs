using Spectre.Console;
using Vigil.Blobs;

namespace Vigil.Cli.Commands.Store;

/// <summary>
/// Runs long store work with a progress bar when a person watches (an interactive terminal and table output);
/// otherwise silently, so scripts and JSON consumers get only the result.
/// </summary>
public static class StoreProgressBar
{
    public static async Task<T> RunAsync<T>(OutputFormat format, string title, Func<IProgress<StoreProgress>?, Task<T>> work)
    {
        if (format != OutputFormat.Table || Console.IsOutputRedirected || !AnsiConsole.Profile.Capabilities.Interactive)
        {
            return await StoreErrors.Guard(() => work(null)).ConfigureAwait(false);
        }
        return await AnsiConsole.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask(Markup.Escape(title), maxValue: 1);
                return await StoreErrors.Guard(() => work(new Reporter(task, title))).ConfigureAwait(false);
            }).ConfigureAwait(false);
    }

    private sealed class Reporter(ProgressTask task, string title) : IProgress<StoreProgress>
    {
        public void Report(StoreProgress value)
        {
            task.Description = Markup.Escape($"{title}: {value.Phase}");
            task.MaxValue = Math.Max(1, value.Total);
            task.Value = Math.Min(value.Done, task.MaxValue);
        }
    }
}
