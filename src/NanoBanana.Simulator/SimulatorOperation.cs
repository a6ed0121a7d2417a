namespace NanoBanana.Simulator;

/// <summary>The requests a <see cref="SimulatorFault"/> can apply to.</summary>
public enum SimulatorOperation
{
    /// <summary>Every request to the API (not the output files).</summary>
    Any,

    /// <summary><c>POST /v1/images/generations</c>.</summary>
    CreateTask,

    /// <summary><c>GET /v1/tasks/{taskId}</c>.</summary>
    GetTask,

    /// <summary><c>GET /v1/credits</c>.</summary>
    GetCredits,

    /// <summary>A download of an output image from the file host.</summary>
    DownloadOutput,
}
