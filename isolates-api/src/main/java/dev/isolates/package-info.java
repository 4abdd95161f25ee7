/**
 * Many isolated execution contexts in one JVM, as Python 3.14's {@code concurrent.interpreters} (PEP 734).
 *
 * <p>{@link dev.isolates.Isolates} creates and finds {@link dev.isolates.Isolate}s and
 * {@link dev.isolates.IsolateQueue}s; {@link dev.isolates.IsolatePoolExecutor} runs tasks on worker threads that
 * each own an isolate. Each isolate loads its classes with its own class loader, so the static state its code
 * sees is its own; values pass between isolates as copies.
 *
 * <table>
 *   <caption>Python 3.14 and this package</caption>
 *   <tr><th>Python</th><th>here</th></tr>
 *   <tr><td>{@code interpreters.create()}</td><td>{@link dev.isolates.Isolates#create()}</td></tr>
 *   <tr><td>{@code list_all()}, {@code get_current()}, {@code get_main()}</td>
 *       <td>{@link dev.isolates.Isolates#listAll()}, {@link dev.isolates.Isolates#current()},
 *       {@link dev.isolates.Isolates#main()}</td></tr>
 *   <tr><td>{@code interp.call(f, *args)}</td><td>{@link dev.isolates.Isolate#call}</td></tr>
 *   <tr><td>{@code interp.call_in_thread(f, *args)}</td><td>{@link dev.isolates.Isolate#callInThread}</td></tr>
 *   <tr><td>{@code interp.prepare_main(**kw)}</td><td>{@link dev.isolates.Isolate#prepareMain}</td></tr>
 *   <tr><td>{@code create_queue()}</td><td>{@link dev.isolates.Isolates#createQueue()}</td></tr>
 *   <tr><td>{@code is_shareable(obj)}</td><td>{@link dev.isolates.Isolates#isShareable(Object)}</td></tr>
 *   <tr><td>{@code InterpreterPoolExecutor}</td><td>{@link dev.isolates.IsolatePoolExecutor}</td></tr>
 * </table>
 */
package dev.isolates;
