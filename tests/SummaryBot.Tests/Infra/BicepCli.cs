using System.Diagnostics;
using System.Reflection;
using System.Runtime.InteropServices;

namespace SummaryBot.Tests.Infra;

/// <summary>
/// Runs the Bicep CLI from the Azure.Bicep.CommandLine.linux-x64 NuGet package that the test
/// project restores (its folder arrives through the BicepPackageDirectory assembly metadata).
/// </summary>
internal static class BicepCli
{
    private static readonly Lazy<string> LazyExecutable = new(LocateExecutable);

    public static string Executable => LazyExecutable.Value;

    public static async Task<BicepResult> RunAsync(params string[] arguments)
    {
        var startInfo = new ProcessStartInfo(Executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = RepositoryFiles.Root,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        using var process = Process.Start(startInfo) ?? throw new InvalidOperationException($"Could not start {Executable}.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        // A guard against a hung process, not a timing assertion.
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"bicep {string.Join(' ', arguments)} did not finish within 3 minutes.");
        }

        return new BicepResult(process.ExitCode, await stdout, await stderr);
    }

    private static string LocateExecutable()
    {
        var packageDirectory = typeof(BicepCli).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .SingleOrDefault(attribute => attribute.Key == "BicepPackageDirectory")?.Value;
        if (string.IsNullOrWhiteSpace(packageDirectory))
        {
            throw new InvalidOperationException(
                "The BicepPackageDirectory assembly metadata is empty: the Azure.Bicep.CommandLine.linux-x64 package reference (GeneratePathProperty) is missing from SummaryBot.Tests.csproj.");
        }

        var executable = Path.Combine(packageDirectory, "tools", "bicep");
        if (!File.Exists(executable))
        {
            throw new FileNotFoundException($"The Bicep CLI is not at {executable}; restore the test project.", executable);
        }

        return EnsureExecutable(executable);
    }

    private static string EnsureExecutable(string executable)
    {
        if (OperatingSystem.IsWindows())
        {
            return executable;
        }

        // NuGet extracts the package without execute permission for everyone but the owner.
        const UnixFileMode executeBits = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
        var mode = File.GetUnixFileMode(executable);
        if ((mode & executeBits) == executeBits)
        {
            return executable;
        }

        try
        {
            File.SetUnixFileMode(executable, mode | executeBits);
            return executable;
        }
        catch (UnauthorizedAccessException)
        {
            // The package cache belongs to someone else: run a private copy instead.
            var copy = Path.Combine(Path.GetTempPath(), "summarybot-tests-bicep", Path.GetFileName(Path.GetDirectoryName(Path.GetDirectoryName(executable)))!, "bicep");
            Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
            if (!File.Exists(copy))
            {
                File.Copy(executable, copy);
            }

            File.SetUnixFileMode(copy, File.GetUnixFileMode(copy) | executeBits);
            return copy;
        }
    }
}

internal sealed record BicepResult(int ExitCode, string StandardOutput, string StandardError)
{
    public override string ToString() => $"exit code {ExitCode}\nstdout:\n{StandardOutput}\nstderr:\n{StandardError}";
}

/// <summary>A fact that runs only where the linux-x64 Bicep CLI can run.</summary>
internal sealed class LinuxX64FactAttribute : FactAttribute
{
    public LinuxX64FactAttribute()
    {
        if (!OperatingSystem.IsLinux() || RuntimeInformation.OSArchitecture != Architecture.X64)
        {
            Skip = "The Bicep CLI package referenced by the tests is the linux-x64 build.";
        }
    }
}
