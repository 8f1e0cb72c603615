using Smgw.Cli;

// smgw — the operators' command line over the admin API. See `smgw help`.
return await new Commands(Console.Out, Console.Error, ApiClient.FromEnvironment()).RunAsync(args);
