namespace MotCua.Web.Features.CitizenAccount;

/// <summary>The citizens' sign-in services (issue 17, piece A): one-time codes, VNeID (<c>Motcua:VneId</c>) and its client.</summary>
public static class CitizenAccountServices
{
    /// <summary>Registers <see cref="CitizenCodes"/>, <see cref="VneIdSignIns"/>, <see cref="VneIdOptions"/> from
    /// <c>Motcua:VneId</c> and the real-HTTP <see cref="VneIdClient"/> (one for the app, so its key set cache is shared).</summary>
    public static IServiceCollection AddCitizenAccount(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<VneIdOptions>(configuration.GetSection("Motcua:VneId"));
        services.AddSingleton<IVneIdClient, VneIdClient>();
        services.AddScoped<CitizenCodes>();
        services.AddScoped<VneIdSignIns>();
        return services;
    }
}
