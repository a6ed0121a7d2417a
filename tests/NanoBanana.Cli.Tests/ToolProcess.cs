using System.Diagnostics;

namespace NanoBanana.Cli.Tests;

/// <summary>The built <c>nanobanana</c> tool as a real process, with stdout, stderr and stdin redirected and no key or base URL inherited.</summary>
internal static class ToolProcess
{
    private static readonly string Tool = Path.Combine(AppContext.BaseDirectory, "nanobanana.dll");

    public static Process Start(params string[] args)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Tool);
        foreach (var arg in args) info.ArgumentList.Add(arg);
        info.Environment.Remove("NANOBANANA_API_KEY");
        info.Environment.Remove("NANOBANANA_BASE_URL");
        info.Environment["DOTNET_NOLOGO"] = "1";
        return Process.Start(info)!;
    }
}
