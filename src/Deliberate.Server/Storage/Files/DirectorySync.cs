using System.Runtime.InteropServices;

namespace Deliberate.Server.Storage.Files;

/// <summary>
/// Flushes a directory's entries to disk. A rename or unlink is durable only once its directory is: without this, a
/// power cut can undo a rename whose file's bytes were already synced. .NET has no API for it (it refuses to open a
/// directory), so this calls <c>open</c> and <c>fsync</c> on Linux. Elsewhere it does nothing: Windows journals
/// directory changes in NTFS itself and has no such call.
/// </summary>
internal static partial class DirectorySync
{
    private const int ReadOnly = 0; // O_RDONLY

    public static void Flush(string directory)
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        var descriptor = Open(directory, ReadOnly);
        if (descriptor < 0)
        {
            throw new IOException($"cannot open the directory {directory} to flush it (errno {Marshal.GetLastPInvokeError()})");
        }

        try
        {
            if (Fsync(descriptor) != 0)
            {
                throw new IOException($"cannot flush the directory {directory} to disk (errno {Marshal.GetLastPInvokeError()})");
            }
        }
        finally
        {
            _ = Close(descriptor);
        }
    }

    [LibraryImport("libc.so.6", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc.so.6", EntryPoint = "fsync", SetLastError = true)]
    private static partial int Fsync(int descriptor);

    [LibraryImport("libc.so.6", EntryPoint = "close")]
    private static partial int Close(int descriptor);
}
