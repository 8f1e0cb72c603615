namespace Smgw.Storage;

/// <summary>
/// Files that hold message bodies or keys are readable by the gateway's user alone: directories the
/// gateway creates are 0700, files 0600. SQLite creates its -wal and -shm files with the mode of the
/// database file, so a database created 0600 keeps its journal private too.
/// </summary>
public static class PrivateFiles
{
    public const UnixFileMode FileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    public const UnixFileMode DirectoryMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    private const UnixFileMode GroupOrOther =
        UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute |
        UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    /// <summary>Creates <paramref name="path"/> (and missing parents) 0700; an existing directory keeps the mode its owner gave it.</summary>
    public static void CreateDirectory(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
            return;
        }
        Directory.CreateDirectory(path, DirectoryMode);
    }

    /// <summary>
    /// Creates <paramref name="path"/> empty and 0600 if it does not exist, or takes group and other
    /// access away from an existing one (a database created by an older version). True when the
    /// mode of an existing file was changed.
    /// </summary>
    public static bool Ensure(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            return false;
        }
        if (!File.Exists(path))
        {
            try
            {
                using var created = new FileStream(path, new FileStreamOptions { Mode = System.IO.FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = FileMode });
                return false;
            }
            catch (IOException) when (File.Exists(path))
            {
                // Created meanwhile by another process: tighten it below.
            }
        }
        return Tighten(path);
    }

    /// <summary>Takes group and other access away from <paramref name="path"/> if it exists; true when its mode changed.</summary>
    public static bool Tighten(string path)
    {
        if (OperatingSystem.IsWindows() || !File.Exists(path))
        {
            return false;
        }
        var mode = File.GetUnixFileMode(path);
        if ((mode & GroupOrOther) == 0)
        {
            return false;
        }
        File.SetUnixFileMode(path, mode & ~GroupOrOther);
        return true;
    }
}
