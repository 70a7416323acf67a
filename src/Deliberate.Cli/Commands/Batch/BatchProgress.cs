using Spectre.Console;

namespace Deliberate.Cli.Commands.Batch;

/// <summary>
/// Follows a batch until it ends (<c>submit --wait</c>): on a terminal a live Spectre.Console progress bar of the
/// requests done out of the total, on stderr so stdout keeps only the batch id; redirected, one plain line per change.
/// </summary>
internal static class BatchProgress
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(500);

    public static async Task<BatchView> WaitAsync(BatchApi api, BatchView batch, CancellationToken cancellationToken)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        if (!console.Profile.Capabilities.Interactive)
        {
            var last = "";
            while (true)
            {
                var line = Describe(batch);
                if (line != last)
                {
                    await Console.Error.WriteLineAsync(line);
                    last = line;
                }

                if (batch.IsFinished)
                {
                    return batch;
                }

                await Task.Delay(Poll, cancellationToken);
                batch = await api.GetAsync(batch.Id, cancellationToken);
            }
        }

        await console.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new SpinnerColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask(Markup.Escape(Describe(batch)), maxValue: Math.Max(1, batch.Total));
                while (!batch.IsFinished)
                {
                    await Task.Delay(Poll, cancellationToken);
                    batch = await api.GetAsync(batch.Id, cancellationToken);
                    task.MaxValue = Math.Max(1, batch.Total);
                    task.Value = batch.Completed + batch.Failed;
                    task.Description = Markup.Escape(Describe(batch));
                }

                task.StopTask();
            });
        return batch;
    }

    /// <summary>"batch_… in_progress: 12 of 40 done (1 failed)".</summary>
    public static string Describe(BatchView batch) =>
        $"{batch.Id} {batch.Status}: {batch.Completed + batch.Failed} of {batch.Total} done" + (batch.Failed > 0 ? $" ({batch.Failed} failed)" : "");
}
