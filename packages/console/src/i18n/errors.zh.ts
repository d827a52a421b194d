// 错误代码的中文说明：ERROR_CODES（packages/core/src/errors.ts）中每个代码一句，译自其英文 summary。
// 页面为中文时，失败先显示这里的句子，再以小字显示节点或 SDK 的英文原文（其中有高度、名称、行号等
// 具体信息）和错误代码（ui/errors.tsx）。键须与 ERROR_CODES 完全相同：缺一条或多一条，构建和
// errors.zh.test.ts 都会失败。sidecar 沿用门户文本中的“附属数据”。
import type { ErrorCode } from '@creditchain/core';

export const errorsZh: Readonly<Record<ErrorCode, string>> = {
  // 编码
  ENCODING_BAD_HEX: '应为小写十六进制的值不是小写十六进制。',
  ENCODING_BAD_BASE64: '应为 base64 编码的值不是 base64 编码。',
  ENCODING_NON_CANONICAL: '字节不是其值的规范 CBOR 编码（RFC 8949 §4.2）。',
  ENCODING_MALFORMED: '字节不是所接受子集内格式正确的 CBOR。',
  ENCODING_TOO_LARGE: '编码后的值超过大小上限。',
  ENCODING_BAD_SHAPE: '解码后的值缺少字段、多出字段或字段类型不符。',
  // 密码
  CRYPTO_UNKNOWN_SUITE: '本节点未实现该密码套件。',
  CRYPTO_UNKNOWN_ALG: '本节点未实现该签名算法。',
  CRYPTO_BAD_KEY: '公钥或私钥格式有误。',
  // 交易
  TX_BAD_SIGNATURE: '交易签名无法用发送者的公钥验证通过。',
  TX_WRONG_CHAIN: '交易写明的是另一条链的链 ID。',
  TX_UNKNOWN_SENDER: '发送者账户在本链上不存在。',
  TX_BAD_NONCE: '交易序号（nonce）不是该发送者应使用的下一个序号。',
  TX_EXPIRED: '交易已超过其过期区块高度。',
  TX_BAD_EXPIRY: '过期区块高度距当前过远，超出本链允许的范围。',
  TX_DUPLICATE: '相同的交易已被接收或已提交上链。',
  TX_UNKNOWN_ACTION: '没有该名称的模块操作。',
  TX_BAD_PAYLOAD: '交易数据与其操作不符。',
  TX_NOT_FOUND: '没有该 ID 的交易。',
  // 账户
  ACCOUNT_NOT_FOUND: '本链上没有该名称的账户。',
  // 身份与权限
  PERMISSION_DENIED: '发送者不具备该操作所需的角色、机构类型或关系。',
  ORG_SUSPENDED: '发送者所属机构已被治理决定暂停。',
  ORG_RETIRED: '发送者所属机构已退出联盟。',
  ORG_NOT_FOUND: '没有该编号的机构。',
  ORG_EXISTS: '该编号的机构已存在。',
  ACCOUNT_EXISTS: '该名称的账户已存在。',
  KEY_NOT_FOUND: '该账户没有此密钥。',
  KEY_EXISTS: '该账户已持有此密钥。',
  KEY_LAST: '此项变更将使账户的密钥数少于其签名门限。',
  TX_TOO_FEW_SIGNATURES: '交易所带的有效签名少于发送者账户要求的数量。',
  // 治理
  GOV_PROPOSAL_NOT_FOUND: '没有该编号的提案。',
  GOV_PROPOSAL_CLOSED: '该提案已不再接受投票。',
  GOV_ALREADY_VOTED: '该机构已对此提案投过票。',
  GOV_BAD_PROPOSAL: '该提案按其内容无法执行。',
  // 信息主体
  SUBJECT_BAD_ID: '主体标识（统一社会信用代码或居民身份证号码）的格式或校验码有误。',
  SUBJECT_BAD_KIND: '主体类型不是“enterprise”（企业）或“person”（个人）。',
  SUBJECT_BAD_SECRET: '用于计算主体引用的联盟密钥缺失，或短于 32 字节。',
  // 存证
  EVIDENCE_BATCH_TOO_LARGE: '一批存证中的哈希数量超过上限。',
  EVIDENCE_DUPLICATE_IN_BATCH: '同一哈希在一批存证中出现了两次。',
  EVIDENCE_NOT_FOUND: '该哈希从未被存证。',
  // 附属数据（sidecar）
  SIDECAR_MISSING: '该操作须随交易提交详情，但未收到已承诺的附属数据。',
  SIDECAR_NOT_COMMITTED: '提交的附属数据与交易中的任何附属数据承诺值都不匹配。',
  SIDECAR_BAD: '提交的附属数据格式有误：盐值、内容或大小不符合要求。',
  SIDECAR_FORBIDDEN_FIELD: '附属数据中含有法律禁止采集的字段，或该类别未定义的字段。',
  SIDECAR_NOT_FOUND: '本节点没有该承诺值对应的附属数据（从未提交，或已删除）。',
  SIDECAR_ERASED: '该附属数据已被删除交易删除，任何节点都不再提供；其承诺值仍保留在链上。',
  // 信用记录
  CATEGORY_NOT_FOUND: '没有该代码的记录类别。',
  CATEGORY_NOT_ALLOWED: '发送者所属机构不得报送该类别的记录，或不得报送关于该类主体的此类记录。',
  CATEGORY_FORBIDDEN: '该类别或其某个字段属于法律禁止采集的信息。',
  RECORD_NOT_FOUND: '没有该编号的信用记录。',
  RECORD_BAD_STATUS: '该记录当前的状态不允许此操作。',
  RECORD_EXPIRED: '该记录的保存期限已届满：不再计入，也不能再变更。',
  RECORD_ERASED: '该记录是个人的负面信息，其期限已届满，已被删除。',
  RECORD_BAD_DATE: '记录日期格式有误、晚于今天，或先后顺序不对。',
  RECORD_SELF_REVIEW: '记录须由提交者以外的账户审核。',
  RECORD_NOT_SOURCE: '只有记录的来源机构可以更正或撤销该记录。',
  CONSENT_REQUIRED: '此操作须先在链上记录信息主体的明确授权。',
  SCORING_MODEL_NOT_FOUND: '没有该版本的评分模型。',
  REPORT_INVALID: '信用报告未通过核验：其证明、检查点或内容不一致。',
  // 信息主体的权利
  CONSENT_NOT_FOUND: '没有该编号的授权。',
  CONSENT_INVALID: '所写明的授权不允许此次查询：授权给了其他机构或其他用途，或已撤回、已过期、已用完，或可查看的范围不够。',
  QUERY_NOT_FOUND: '没有该编号的报告查询。',
  OBJECTION_NOT_FOUND: '没有该编号的异议。',
  OBJECTION_EXISTS: '该记录已有一项正在处理的异议。',
  OBJECTION_BAD_STATUS: '该异议当前的状态不允许此操作。',
  COMPLAINT_NOT_FOUND: '没有该编号的投诉。',
  COMPLAINT_BAD_STATUS: '该投诉已有处理结果。',
  REPAIR_NOT_FOUND: '没有该编号的信用修复申请。',
  REPAIR_NOT_ALLOWED: '该记录不能申请修复：它不是已发布的负面记录，或最短公示期尚未届满，或已有一项申请正在处理。',
  REPAIR_BAD_STATUS: '该信用修复申请已有决定。',
  // 凭证与积分
  VOUCHER_CLASS_NOT_FOUND: '没有该编号的凭证类别。',
  VOUCHER_CLASS_NOT_ACTIVE: '该凭证类别当前的状态不允许此操作：尚待监管机构批准、已经批准，或已过期。',
  VOUCHER_NOT_FOUND: '没有该编号的凭证。',
  VOUCHER_NOT_HOLDER: '只有凭证的持有人可以转让、拆分、合并、使用或兑付该凭证。',
  VOUCHER_BAD_STATUS: '该凭证当前的状态不允许此操作（已使用、已兑付、已过期、已拆分或已合并）。',
  VOUCHER_FROZEN: '该凭证或其类别已被监管方冻结。',
  VOUCHER_EXPIRED: '该凭证类别已到期：其凭证不能再发行、转让或使用。',
  VOUCHER_CAP_EXCEEDED: '发行该金额将使该类别超出其发行总额上限。',
  VOUCHER_BAD_AMOUNT: '金额为零，或不是该类别最小单位的整数倍，或各部分之和与总额不符。',
  VOUCHER_NOT_DIVISIBLE: '该凭证类别不可分割：其凭证不能拆分或合并。',
  VOUCHER_NOT_ELIGIBLE: '接收的持有人、商户或兑付方不在该类别允许的范围内。',
  VOUCHER_PATH_FORBIDDEN: '此次转让超出该类别允许的流转路径。',
  VOUCHER_NOT_REDEEMABLE: '该凭证类别不能兑付为资金。',
  VOUCHER_NOT_ISSUER: '只有该类别发行机构的账户可以发行该类凭证或登记其商户。',
  VOUCHER_NOT_SUPERVISOR: '只有该类别监管方机构的账户可以冻结或解冻。',
  VOUCHER_TRACE_INVALID: '凭证流转记录未通过核验：其证明、检查点或内容不一致。',
  POINTS_CLASS_NOT_FOUND: '没有该编号的积分类别。',
  POINTS_NOT_RECORDER: '只有该积分类别指定的记录方可以加分、扣分或记录积分的使用。',
  POINTS_UNKNOWN_RULE: '该积分类别没有此代码的规则或权益，或其加减方向不符。',
  POINTS_INSUFFICIENT: '该户的积分少于该项权益所需的积分。',
  // 合约
  CONTRACT_NOT_FOUND: '没有该名称的合约，或该合约没有此版本。',
  CONTRACT_EXISTS: '该名称的合约已存在；部署新版本请使用 contracts.upgrade。',
  CONTRACT_NOT_OWNER: '只有部署该合约的机构的管理员可以升级它。',
  CONTRACT_NOT_APPROVED: '该合约尚无获批准的版本：须经监管机构批准后才能调用（params.contractApproval）。',
  CONTRACT_BAD_CODE: '合约代码无法在合约运行环境中执行，或没有导出任何方法。',
  CONTRACT_NO_METHOD: '合约没有导出该名称的可调用方法（以“_”开头的名称和 onAlarm 不能调用）。',
  CONTRACT_FAILED: '合约抛出了错误，其写入已被丢弃。错误信息为合约自身给出的内容。',
  CONTRACT_OUT_OF_GAS: '调用耗尽了所分配的全部燃料（gas），其写入已被丢弃。',
  CONTRACT_OUT_OF_MEMORY: '调用超出了合约运行环境的内存上限，其写入已被丢弃。',
  CONTRACT_STACK_OVERFLOW: '调用超出了合约运行环境的栈上限（递归过深），其写入已被丢弃。',
  CONTRACT_LIMIT: '调用超出了宿主 API 的限制：调用深度、键或值的大小、事件或定时器的数量。',
  CONTRACT_BAD_VALUE: '合约的参数、存储值、结果或事件不是仅由整数、字符串、布尔值、null、数组和对象构成的 JSON 值。',
  CONTRACT_CATEGORY_NOT_APPROVED: '合约只能报送其批准中列明的类别的信用记录。',
  CONTRACT_ENGINE_MISSING: '执行该区块的节点未加载合约运行环境。',
  // 日志与证明
  LOG_INDEX_OUT_OF_RANGE: '日志序号或日志大小超出了日志的范围。',
  LOG_BAD_RANGE: '所请求证明的范围不可能成立。',
  PROOF_INVALID: 'Merkle 证明未指向预期的根。',
  LOG_BAD_INPUT: '提交给日志的叶子哈希或节点不是日志哈希长度的字节。',
  // 密钥文件
  KEY_PASSPHRASE_REQUIRED: '密钥文件已加密，但未提供用于打开它的口令。',
  KEY_BAD_PASSPHRASE: '口令无法打开此加密的密钥文件（或文件已被修改）。',
  KEY_PASSPHRASE_WEAK: '密钥文件的口令至少须有 8 个字符。',
  // 检查点与回执
  CHECKPOINT_MALFORMED: '检查点不是格式正确的签名笔记。',
  CHECKPOINT_BAD_SIGNATURE: '检查点上没有任何受信任的签名能通过核验。',
  CHECKPOINT_NO_QUORUM: '该检查点的签名验证者所持投票权未超过总投票权的 2/3。',
  RECEIPT_MALFORMED: '回执格式有误。',
  RECEIPT_HASH_MISMATCH: '文件的哈希与回执所证明的哈希不一致。',
  // 状态
  STATE_NOT_FOUND: '在该区块高度没有此键的状态条目。',
  STATE_BAD_KEY: '状态树的键不是 32 字节。',
  STATE_UNKNOWN_ROOT: '存储中没有以此为根的状态树（从未写入，或已被裁剪）。',
  STATE_NODE_MISSING: '存储中缺少已存状态树的一个节点。',
  BLOCK_NOT_FOUND: '没有该高度的区块。',
  BLOCK_NOT_HELD: '本节点从状态同步快照启动，不保存快照之前的区块（保存交易和日志，但不保存区块）；保存完整历史的会员节点有这些区块。',
  // 节点
  NODE_OVERLOADED: '交易池已满，请稍后重试。本次未接受任何内容。',
  NODE_STORAGE_FULL: '节点无法写入其存储（磁盘已满或出现故障），本次未接受任何内容。',
  NODE_TAMPERED: '节点存储的链数据与其自身的哈希和根不一致。',
  NODE_INDEX_FAILED: '节点无法写入其锚定哈希索引；待节点恢复写入后，将根据日志重建该索引。',
  NODE_STOPPING: '节点正在停止：尚未接纳的交易未被接受。请在节点恢复运行后重新发送。',
  NODE_BAD_CONFIG: '节点配置或创世文件无效。',
  NODE_TIMEOUT: '交易已被接受，但未在等待时限内提交上链。',
  NODE_CLOCK_FIXED: '节点的出块时间即本机时钟；只有开发节点可以将时钟向前调整。',
  NODE_NOT_DEV: '该接口仅供开发节点（creditchain dev）使用：本节点不是开发节点，不提供演示密钥。',
  NODE_CLOCK_BAD_ADVANCE: '开发节点的时钟每次只能向前调整一段正的时长，且不超过十年。',
  API_BAD_REQUEST: '请求不符合该接口的格式要求。',
  API_UNSUPPORTED_MEDIA_TYPE: '该接口不接受此内容类型的请求正文。',
  API_NOT_FOUND: '没有该路径的接口。',
  API_RATE_LIMITED: '此客户端的请求过于频繁。',
  API_AUTH_REQUIRED: '读取此数据须附读取者的签名（CreditChain-Reader 请求头），但请求中没有。',
  API_AUTH_INVALID: '读取者的签名请求头格式有误、已过时，或无法用该账户的有效密钥验证通过。',
  READ_NOT_ENTITLED: '读取者无权读取此数据：只有信息主体、监管机构和记录的来源机构可以读取。',
  PEER_AUTH_REQUIRED: '该接口仅供会员节点使用：请求须附节点的签名（CreditChain-Node 请求头），但请求中没有。',
  PEER_AUTH_INVALID: '节点的签名请求头格式有误、已过时，或对该请求验证不通过。',
  PEER_NOT_VALIDATOR: '签名节点的密钥不是当前验证者集合中的密钥：只有会员节点之间可以相互获取附属数据。',
  INTERNAL: '发生了意外的内部错误。',
  // ABCI 套接字（与 CometBFT 之间，不经 HTTP API）
  SNAPSHOT_INVALID: '提供给本节点的状态同步快照格式有误，或不能得出轻客户端所信任的应用哈希；本节点拒绝该快照，改试其他快照。',
  ABCI_FRAME_TOO_LARGE: 'CometBFT 套接字上的 ABCI 消息超过本节点接受的长度；连接已关闭。',
  ABCI_BAD_MESSAGE: 'CometBFT 套接字上的字节不是带长度前缀的 ABCI 2.0 请求；连接已关闭。',
  // SDK 客户端与命令行（不由节点发出）
  CLIENT_BAD_URL: '提供给客户端的节点地址不是 http(s) 网址。',
  CLIENT_UNREACHABLE: '节点在该地址没有响应（连接被拒绝、主机未知或超时）。',
  CLIENT_BAD_REPLY: '节点的答复不符合 API 的约定（不是 JSON，或错误中没有错误代码）。',
  CSV_BAD_FILE: '无法读取整个记录 CSV 文件：语法或表头有误，或行数超过单个文件的上限。',
  CSV_BAD_VALUE: '提供给 CSV 读取程序的值（金额、当天日期）书写格式不符合要求。',
  CLI_BAD_ARGUMENT: '命令行参数或选项缺失或无效。',
  CLI_FILE_ERROR: '无法读取或写入命令行中指定的文件。',
};

/** 没有错误代码的失败（多为网络错误）、本控制台尚不认识的代码，以及英文原文前的标签。 */
export const failureZh = {
  noCode: '操作未能完成：可能是与节点的连接中断，或发生了意外错误。',
  unknownCode: '节点拒绝了此操作（本控制台尚无此错误代码的中文说明）。',
  original: '原文：',
};

/** 一个失败的中文句子：有代码时取其说明，否则为通用句子。 */
export function errorSentenceZh(code: string | undefined): string {
  if (code === undefined) return failureZh.noCode;
  return Object.hasOwn(errorsZh, code) ? errorsZh[code as ErrorCode] : failureZh.unknownCode;
}
